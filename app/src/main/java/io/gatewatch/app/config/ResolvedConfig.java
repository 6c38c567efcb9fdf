package io.gatewatch.app.config;

import io.gatewatch.config.KafkaPassthrough;
import io.gatewatch.app.config.ConfigSources.Origin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The configuration of one process: the merged sources validated against the sections the
 * process reads. Construction fails with a {@link ConfigException} naming the key, the bad value
 * (masked if secret) and where it came from; every problem is reported at once
 * ({@link ConfigProblemsException}). Unknown keys fail too, unless another GateWatch process defines
 * them (one shared env file or properties file can serve every process) — except unknown
 * {@code GATEWATCH_*} environment variables, which are ignored with a warning: a deployment may
 * use the prefix for its own variables ({@code GATEWATCH_HOME}, {@code GATEWATCH_JAR}).
 */
public final class ResolvedConfig {
    private ConfigSources sources;
    private final List<ConfigSection> sections;
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, AbstractConfig> bySection = new LinkedHashMap<>();

    private ResolvedConfig(ConfigSources sources, List<ConfigSection> sections) {
        this.sources = sources;
        this.sections = sections;
    }

    /** Validates {@code sources} for {@code command} (see {@link ConfigCatalog#sectionsFor}). */
    public static ResolvedConfig resolve(ConfigSources sources, String command) {
        return resolve(sources, ConfigCatalog.sectionsFor(command));
    }

    public static ResolvedConfig resolve(ConfigSources sources, List<ConfigSection> sections) {
        ResolvedConfig config = new ResolvedConfig(sources, sections);
        config.validate();
        return config;
    }

    private void validate() {
        Map<String, String> values = sources.values();
        List<String> problems = new ArrayList<>();
        Set<String> ignored = new TreeSet<>();
        for (String key : values.keySet()) {
            if (!ConfigCatalog.isKnown(key) && sections.stream().noneMatch(s -> s.defines(key))) {
                if (sources.origin(key) == Origin.ENV) {
                    // a deployment's own GATEWATCH_HOME or GATEWATCH_JAR must not stop every command
                    ignored.add(key);
                    warnings.add("ignoring environment variable " + ConfigSources.envName(key)
                            + ": not a GateWatch setting (see docs/CONFIG.md)");
                } else {
                    problems.add(key + " = " + Secrets.printable(key, null, values.get(key)) + ": unknown setting" + from(key)
                            + "; see docs/CONFIG.md for the settings GateWatch reads");
                }
            }
        }
        for (ConfigSection section : sections) {
            for (ConfigDef.ConfigKey def : section.def().configKeys().values()) {
                String raw = values.get(def.name);
                if (raw == null) {
                    if (!def.hasDefault()) {
                        problems.add(def.name + ": missing; set it with -s " + def.name + "=VALUE, the environment variable "
                                + ConfigSources.envName(def.name) + " or a --config file");
                    }
                    continue;
                }
                try {
                    Object parsed = ConfigDef.parseType(def.name, raw, def.type);
                    if (def.validator != null) {
                        def.validator.ensureValid(def.name, parsed);
                    }
                } catch (ConfigException e) {
                    problems.add(def.name + " = " + Secrets.printable(def.name, def.type, raw) + ": " + reasonOf(e) + from(def.name));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigProblemsException(problems);
        }
        sources = sources.without(ignored);
        Map<String, String> accepted = sources.values();
        for (ConfigSection section : sections) {
            bySection.put(section.name(), new AbstractConfig(section.def(), onlyDefined(section, accepted), false));
        }
    }

    /** Lines to show before the process starts: settings that were ignored, and why. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    private static Map<String, String> onlyDefined(ConfigSection section, Map<String, String> values) {
        Map<String, String> result = new HashMap<>();
        values.forEach((k, v) -> {
            if (section.defines(k)) {
                result.put(k, v);
            }
        });
        return result;
    }

    /** The message of Kafka's ConfigException without its "Invalid value X for configuration Y:" preamble, which would echo secrets. */
    private static String reasonOf(ConfigException e) {
        String message = String.valueOf(e.getMessage());
        int colon = message.indexOf(": ");
        return message.startsWith("Invalid value") && colon > 0 ? message.substring(colon + 2) : message;
    }

    private String from(String key) {
        Origin origin = sources.origin(key);
        return origin == null ? "" : " (from " + origin.describe(key) + ")";
    }

    public ConfigSources sources() {
        return sources;
    }

    private AbstractConfig sectionDefining(String key) {
        for (ConfigSection section : sections) {
            if (section.defines(key)) {
                return bySection.get(section.name());
            }
        }
        throw new IllegalArgumentException("No section of this process defines " + key);
    }

    /** The shared HTTP server settings a section defines under {@code prefix} ({@code metrics.}, {@code report.http.}). */
    public io.gatewatch.http.HttpServerSettings httpServer(String prefix) {
        return io.gatewatch.http.HttpServerSettings.from(sectionDefining(prefix + io.gatewatch.http.HttpServerSettings.PORT), prefix);
    }

    public String getString(String key) {
        return sectionDefining(key).getString(key);
    }

    public int getInt(String key) {
        return sectionDefining(key).getInt(key);
    }

    public long getLong(String key) {
        return sectionDefining(key).getLong(key);
    }

    public short getShort(String key) {
        return sectionDefining(key).getShort(key);
    }

    public double getDouble(String key) {
        return sectionDefining(key).getDouble(key);
    }

    public boolean getBoolean(String key) {
        return sectionDefining(key).getBoolean(key);
    }

    public List<String> getList(String key) {
        return sectionDefining(key).getList(key);
    }

    public Password getPassword(String key) {
        return sectionDefining(key).getPassword(key);
    }

    /**
     * Every explicitly given setting as strings, plus the engines' zone keys from
     * {@link CommonConfig#TIME_ZONE}: what an engine's own {@code AbstractConfig} (e.g.
     * {@code ScreeningConfig}) is built from, so it validates and defaults its keys itself.
     */
    public Map<String, String> originals() {
        Map<String, String> originals = new java.util.HashMap<>(sources.values());
        String zone = getString(CommonConfig.TIME_ZONE);
        CommonConfig.ENGINE_TIME_ZONE_KEYS.forEach(key -> originals.put(key, zone));
        return originals;
    }

    /** The brokers of {@link CommonConfig#KAFKA_BOOTSTRAP_SERVERS} as one {@code bootstrap.servers} value ({@code host:port,...}). */
    public String bootstrapServers() {
        return String.join(",", getList(CommonConfig.KAFKA_BOOTSTRAP_SERVERS));
    }

    /** Pass-through Kafka client settings ({@code kafka.*}), see {@link KafkaPassthrough}. */
    public KafkaPassthrough kafka() {
        return KafkaPassthrough.from(sources.values());
    }

    /**
     * Settings for the schema-registry client and the serdes: every {@code schema.registry.*} and
     * {@code basic.auth.*} key as given, the record-size bound, and the resolved registry URL.
     */
    public Map<String, Object> registryClient() {
        Map<String, Object> result = new HashMap<>();
        sources.values().forEach((k, v) -> {
            if (k.startsWith("schema.registry.") || k.startsWith("basic.auth.")) {
                result.put(k, v);
            }
        });
        result.put(CommonConfig.AVRO_MAX_RECORD_BYTES, getInt(CommonConfig.AVRO_MAX_RECORD_BYTES));
        result.put(CommonConfig.SCHEMA_REGISTRY_URL, String.join(",", getList(CommonConfig.SCHEMA_REGISTRY_URL)));
        return result;
    }

    /** The effective settings of this process (defaults included), secrets masked, one {@code key = value  (origin)} line each. */
    public List<String> describe() {
        Map<String, String> lines = new TreeMap<>();
        for (ConfigSection section : sections) {
            AbstractConfig config = bySection.get(section.name());
            for (ConfigDef.ConfigKey def : section.def().configKeys().values()) {
                Object value = config.values().get(def.name);
                String shown = value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                        : Secrets.printable(def.name, def.type, value);
                lines.put(def.name, line(def.name, shown));
            }
        }
        sources.values().forEach((k, v) -> {
            if (!lines.containsKey(k) && ConfigCatalog.isPassthrough(k)) {
                lines.put(k, line(k, Secrets.printable(k, null, v)));
            }
        });
        return new ArrayList<>(lines.values());
    }

    private String line(String key, String value) {
        Origin origin = sources.origin(key);
        return key + " = " + value + "  (" + (origin == null ? "default" : origin.describe(key)) + ")";
    }
}

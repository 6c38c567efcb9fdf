package io.gatewatch.app.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * The three places a setting can come from, and the one precedence that merges them:
 * <b>command-line flags &gt; environment variables &gt; properties file &gt; defaults</b>.
 *
 * <p>Environment variables are read only with the {@value #ENV_PREFIX} prefix and map
 * mechanically: strip the prefix, lower-case, {@code _} becomes {@code .}
 * ({@code GATEWATCH_WINDOW_GRACE_MS} is {@code window.grace.ms},
 * {@code GATEWATCH_KAFKA_BOOTSTRAP_SERVERS} is {@code kafka.bootstrap.servers}). Unprefixed
 * variables are never read, so a machine's unrelated {@code PATH} or {@code PORT} cannot leak in.
 * Defaults are not applied here: they live in the {@code ConfigDef}s and apply on validation.
 */
public final class ConfigSources {
    public static final String ENV_PREFIX = "GATEWATCH_";

    /** Where a value came from; later constants win over earlier ones. */
    public enum Origin {
        FILE, ENV, FLAG,
        /** Set by the process itself, e.g. the local stack pointing clients at its embedded broker. */
        STACK;

        public String describe(String key) {
            return switch (this) {
                case FILE -> "properties file";
                case ENV -> "environment variable " + envName(key);
                case FLAG -> "command-line flag";
                case STACK -> "local stack";
            };
        }
    }

    private final Map<String, String> values = new TreeMap<>();
    private final Map<String, Origin> origins = new TreeMap<>();

    private ConfigSources() {}

    /**
     * Merges the three sources. {@code file} may be null (no file); {@code env} is usually
     * {@link System#getenv()}; {@code flags} are explicit key/value pairs from the command line.
     */
    public static ConfigSources merge(Path file, Map<String, String> env, Map<String, String> flags) {
        ConfigSources sources = new ConfigSources();
        if (file != null) {
            sources.putAll(readProperties(file), Origin.FILE);
        }
        sources.putAll(fromEnvironment(env), Origin.ENV);
        sources.putAll(flags, Origin.FLAG);
        return sources;
    }

    /** The settings carried by {@value #ENV_PREFIX}-prefixed environment variables, as dotted keys. */
    public static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> result = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                result.put(keyOf(name), value);
            }
        });
        return result;
    }

    /** {@code GATEWATCH_WINDOW_GRACE_MS} to {@code window.grace.ms}. */
    public static String keyOf(String envName) {
        return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** {@code window.grace.ms} to {@code GATEWATCH_WINDOW_GRACE_MS}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    static Map<String, String> readProperties(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--config", file.toString(), "no such properties file");
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read properties file " + file, e);
        }
        Map<String, String> result = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> result.put(k.trim(), props.getProperty(k).trim()));
        return result;
    }

    private void putAll(Map<String, String> source, Origin origin) {
        source.forEach((k, v) -> {
            values.put(k, v);
            origins.put(k, origin);
        });
    }

    /** Every explicitly given setting (no defaults), by key. */
    public Map<String, String> values() {
        return Map.copyOf(values);
    }

    /** Where {@code key} came from, or null if it was not given (its default applies). */
    public Origin origin(String key) {
        return origins.get(key);
    }

    /** Returns a copy with {@code key} set by the process itself, overriding every other source. */
    public ConfigSources withStackValue(String key, String value) {
        ConfigSources copy = copy();
        copy.values.put(key, value);
        copy.origins.put(key, Origin.STACK);
        return copy;
    }

    /** Returns a copy with {@code key} set by the process itself unless some source already gives it (a demo default). */
    public ConfigSources withStackDefault(String key, String value) {
        return values.containsKey(key) ? this : withStackValue(key, value);
    }

    /** Returns a copy without {@code keys} (settings that were ignored). */
    public ConfigSources without(Set<String> keys) {
        if (keys.isEmpty()) {
            return this;
        }
        ConfigSources copy = copy();
        keys.forEach(k -> {
            copy.values.remove(k);
            copy.origins.remove(k);
        });
        return copy;
    }

    private ConfigSources copy() {
        ConfigSources copy = new ConfigSources();
        copy.values.putAll(values);
        copy.origins.putAll(origins);
        return copy;
    }
}

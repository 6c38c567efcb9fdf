package io.gatewatch.app.config;

import java.util.List;
import java.util.Set;

/**
 * Every setting GateWatch knows, by section: the single list that start-up validation, the
 * generated docs/CONFIG.md and the docker-compose check read. Engine modules own their
 * {@code ConfigDef}s; this catalogue only lists them.
 */
public final class ConfigCatalog {
    /** Keys under these prefixes pass through to Kafka clients or the registry client unchecked here. */
    public static final List<String> PASSTHROUGH_PREFIXES = List.of(CommonConfig.KAFKA_PREFIX, "schema.registry.", "basic.auth.");

    public static final String DEMO = "demo";
    public static final String TOPICS = "topics";

    private static final List<ConfigSection> SECTIONS = List.of(
            new ConfigSection("Common", Set.of("*"),
                    "Read by every process: Kafka, schema registry, metrics endpoint, shutdown.",
                    CommonConfig.configDef()),
            new ConfigSection("Topics", Set.of(TOPICS, DEMO),
                    "How GateWatch's topics are created.",
                    TopicsConfig.configDef()),
            new ConfigSection("Demo", Set.of(DEMO),
                    "The one-command local stack.",
                    DemoConfig.configDef()));

    private ConfigCatalog() {}

    public static List<ConfigSection> sections() {
        return SECTIONS;
    }

    /** The sections a subcommand reads (the common one included). */
    public static List<ConfigSection> sectionsFor(String command) {
        return SECTIONS.stream().filter(s -> s.usedBy().contains("*") || s.usedBy().contains(command)).toList();
    }

    /** True when some section defines {@code key} or it lies under a pass-through prefix. */
    public static boolean isKnown(String key) {
        return isPassthrough(key) || SECTIONS.stream().anyMatch(s -> s.defines(key));
    }

    public static boolean isPassthrough(String key) {
        return PASSTHROUGH_PREFIXES.stream().anyMatch(p -> key.startsWith(p) && key.length() > p.length());
    }
}

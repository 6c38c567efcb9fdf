package io.gatewatch.app.config;

import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;

/**
 * A named group of settings defined once in a {@link ConfigDef}: the unit the docs table, the
 * start-up validation and the compose-file check all iterate over.
 *
 * @param name        heading in docs/CONFIG.md
 * @param usedBy      the CLI subcommands that read these settings
 * @param description one sentence for the docs
 * @param def         the definitions (type, default, validator, doc)
 */
public record ConfigSection(String name, Set<String> usedBy, String description, ConfigDef def) {
    /**
     * A section whose keys are another component's keys under {@code prefix}: e.g. the embedded
     * registry's {@code kafkastore.topic} becomes {@code registry.kafkastore.topic}, so that one
     * flat namespace (and one environment) can configure every process without clashes.
     */
    public static ConfigSection prefixed(String name, Set<String> usedBy, String description, String prefix, ConfigDef child) {
        ConfigDef def = new ConfigDef();
        def.embed(prefix, name, 0, child);
        return new ConfigSection(name, usedBy, description, def);
    }

    public boolean defines(String key) {
        return def.configKeys().containsKey(key);
    }
}

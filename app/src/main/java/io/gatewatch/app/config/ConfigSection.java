package io.gatewatch.app.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;

/**
 * A named group of settings defined once in a {@link ConfigDef}: the unit the docs table, the
 * start-up validation and the compose-file check all iterate over.
 *
 * @param name        heading in docs/CONFIG.md
 * @param usedBy      the CLI subcommands that read these settings
 * @param description one sentence for the docs
 * @param def         the definitions (type, default, validator, doc) under the application's key names
 * @param engineKeys  application key to the engine's own key, for sections that rename (see {@link #prefixed})
 */
public record ConfigSection(String name, Set<String> usedBy, String description, ConfigDef def, Map<String, String> engineKeys) {

    public ConfigSection(String name, Set<String> usedBy, String description, ConfigDef def) {
        this(name, usedBy, description, def, Map.of());
    }

    /**
     * A section whose keys are an engine's keys under {@code prefix}, unless they already start
     * with it: the embedded registry's {@code kafkastore.topic} becomes
     * {@code registry.kafkastore.topic}, the sink's {@code group.id} {@code sink.group.id}, while the
     * webhook's {@code webhook.urls} stays. One flat namespace (and one environment) can then
     * configure every process: the sink's and the subscriber's {@code topics} no longer clash.
     */
    public static ConfigSection prefixed(String name, Set<String> usedBy, String description, String prefix, ConfigDef child) {
        ConfigDef def = new ConfigDef();
        Map<String, String> engineKeys = new HashMap<>();
        for (ConfigDef.ConfigKey key : child.configKeys().values()) {
            String appKey = key.name.startsWith(prefix) ? key.name : prefix + key.name;
            engineKeys.put(appKey, key.name);
            def.define(new ConfigDef.ConfigKey(appKey, key.type, key.hasDefault() ? key.defaultValue : ConfigDef.NO_DEFAULT_VALUE,
                    key.validator, key.importance, key.documentation, key.group, key.orderInGroup, key.width, key.displayName,
                    key.dependents, key.recommender, key.internalConfig));
        }
        return new ConfigSection(name, usedBy, description, def, Map.copyOf(engineKeys));
    }

    public boolean defines(String key) {
        return def.configKeys().containsKey(key);
    }

    /** The given settings of this section under the engine's own key names. */
    public Map<String, String> engineSettings(Map<String, String> given) {
        Map<String, String> result = new HashMap<>();
        given.forEach((k, v) -> {
            if (defines(k)) {
                result.put(engineKeys.getOrDefault(k, k), v);
            }
        });
        return result;
    }
}

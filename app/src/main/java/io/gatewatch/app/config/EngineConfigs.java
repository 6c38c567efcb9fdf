package io.gatewatch.app.config;

import io.gatewatch.sinks.subscriber.SubscriberConfig;
import io.gatewatch.registry.server.EmbeddedSchemaRegistryConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Translates the application's settings into the property maps the engine modules' own configs
 * read. Engines and the application share one vocabulary ({@link io.gatewatch.config.KafkaConnection}:
 * raw client settings under {@code kafka.*}, the registry's under its Confluent names); the one
 * difference is the brokers, {@code kafka.bootstrap.servers} here and {@code bootstrap.servers} in an
 * engine, which this class fills in.
 */
public final class EngineConfigs {
    /** Engine keys that the application supplies from its common settings, so sections leave them out. */
    public static final Set<String> FROM_COMMON = fromCommon();

    private static Set<String> fromCommon() {
        Set<String> keys = new java.util.HashSet<>(Set.of("bootstrap.servers", CommonConfig.SCHEMA_REGISTRY_URL));
        keys.addAll(CommonConfig.ENGINE_TIME_ZONE_KEYS);
        keys.add(SubscriberConfig.TIME_ZONE);
        return Set.copyOf(keys);
    }

    private EngineConfigs() {}

    /**
     * The raw {@code kafka.*} client settings as given: engines take the same pass-through vocabulary
     * as the application ({@link io.gatewatch.config.KafkaPassthrough}), so they pass unchanged.
     */
    public static Map<String, String> passthrough(ResolvedConfig config) {
        Map<String, String> raw = new HashMap<>();
        config.originals().forEach((k, v) -> {
            if (k.startsWith(CommonConfig.KAFKA_PREFIX)) {
                raw.put(k, v);
            }
        });
        return raw;
    }

    /** A copy of {@code def} with only the keys {@code keep} accepts. */
    public static ConfigDef filter(ConfigDef def, Predicate<String> keep) {
        ConfigDef copy = new ConfigDef();
        def.configKeys().values().stream().filter(k -> keep.test(k.name)).forEach(copy::define);
        return copy;
    }

    /** {@code def} without the keys the application supplies from its common settings. */
    public static ConfigDef withoutCommon(ConfigDef def) {
        return filter(def, k -> !FROM_COMMON.contains(k));
    }

    /**
     * Properties for an engine that produces (ingest channels, simulator): every given setting (the
     * {@code kafka.*} pass-through included: engines take the same vocabulary), plus
     * {@code bootstrap.servers} and {@code schema.registry.url} from the application's Kafka settings.
     */
    public static Map<String, Object> forProducerEngine(ResolvedConfig config) {
        Map<String, Object> props = new HashMap<>(config.originals());
        props.putAll(config.registryClient());
        props.put("bootstrap.servers", config.bootstrapServers());
        return props;
    }

    /**
     * Properties for the embedded registry: its {@code registry.*} settings under its own names,
     * the application's Kafka cluster as its store, the application's common Kafka settings (TLS,
     * SASL) for its store clients and any {@code registry.kafkastore.*} extras, under {@code kafkastore.}.
     */
    public static Map<String, Object> forEmbeddedRegistry(ResolvedConfig config) {
        Map<String, Object> props = new HashMap<>();
        config.kafka().admin().forEach((k, v) -> props.put("kafkastore." + k, v));
        config.originals().forEach((k, v) -> {
            if (k.startsWith(ConfigCatalog.REGISTRY_PREFIX + "kafkastore.")
                    || k.startsWith(ConfigCatalog.REGISTRY_PREFIX + EmbeddedSchemaRegistryConfig.AUTHENTICATION_USER_PREFIX)) {
                props.put(k.substring(ConfigCatalog.REGISTRY_PREFIX.length()), v);
            }
        });
        props.putAll(ConfigCatalog.section(ConfigCatalog.REGISTRY_SECTION).engineSettings(config.originals()));
        props.put("kafkastore.bootstrap.servers", config.bootstrapServers());
        return props;
    }

    /**
     * Properties for a consuming engine of the sinks module (sink, subscriber, webhook): the
     * section's settings under the engine's names, the application's Kafka and registry settings
     * as {@code bootstrap.servers}, {@code schema.registry.url} and {@code kafka.*} consumer settings.
     */
    public static Map<String, Object> forConsumerEngine(ResolvedConfig config, String sectionName) {
        Map<String, Object> props = new HashMap<>(ConfigCatalog.section(sectionName).engineSettings(config.originals()));
        props.putAll(config.registryClient());
        props.put("bootstrap.servers", config.bootstrapServers());
        props.put(SubscriberConfig.TIME_ZONE, config.getString(CommonConfig.TIME_ZONE)); // the subscriber's lines
        props.putAll(passthrough(config));
        return props;
    }
}

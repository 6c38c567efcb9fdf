package io.gatewatch.sinks.kafka;

import io.gatewatch.config.KafkaConnection;
import io.gatewatch.config.KafkaPassthrough;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The Kafka and registry settings every consumer in this module shares, defined once: where the
 * brokers and the registry are, which group to join, how long one poll may block, and raw client
 * settings passed through under the {@value #CLIENT_PREFIX} prefix ({@code kafka.security.protocol=SASL_SSL},
 * {@code kafka.sasl.jaas.config=...}, {@code kafka.ssl.truststore.location=...}), so any Kafka a
 * deployment runs is reachable without a code change.
 *
 * <p>Consumers read keys and values as bytes and decode them themselves, so one undecodable record
 * is routed as data instead of failing {@code poll()}.
 */
public final class KafkaClientSettings {
    public static final String BOOTSTRAP_SERVERS = KafkaConnection.BOOTSTRAP_SERVERS;
    public static final String SCHEMA_REGISTRY_URL = KafkaConnection.SCHEMA_REGISTRY_URL;
    public static final String GROUP_ID = "group.id";
    /** The longest single {@code poll()} of a consumer loop. */
    public static final String POLL_TIMEOUT_MS = "poll.timeout.ms";
    /** Raw Kafka client settings: {@code kafka.<client setting>}. */
    public static final String CLIENT_PREFIX = KafkaPassthrough.PREFIX;
    /** Registry client settings other than the URL, passed to the registry client unchanged. */
    public static final String REGISTRY_PREFIX = "schema.registry.";

    private KafkaClientSettings() {}

    /** Adds the shared keys to {@code def}, with {@code defaultGroup} as the consumer group. */
    public static ConfigDef define(ConfigDef def, String defaultGroup) {
        return KafkaConnection.define(def)
                .define(GROUP_ID, Type.STRING, defaultGroup, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Consumer group. Instances sharing it split the partitions between them.");
    }

    /** Adds {@value #POLL_TIMEOUT_MS} to {@code def}, wherever the caller's table wants it, with {@code defaultMs}. */
    public static ConfigDef definePollTimeout(ConfigDef def, long defaultMs) {
        return def.define(POLL_TIMEOUT_MS, Type.LONG, defaultMs, Range.between(1, 60_000), Importance.LOW,
                "Longest single poll; bounds how quickly a close() is noticed.");
    }

    public static Duration pollTimeout(AbstractConfig config) {
        return Duration.ofMillis(config.getLong(POLL_TIMEOUT_MS));
    }

    /**
     * Consumer properties: the passthrough settings first, then what this module relies on
     * ({@code enforced}) on top so a passthrough cannot break a guarantee.
     */
    public static Map<String, Object> consumerProperties(AbstractConfig config, Map<String, Object> enforced) {
        Map<String, Object> props = new HashMap<>(KafkaConnection.passthrough(config).consumer());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaConnection.bootstrapServers(config));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.getString(GROUP_ID));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.putAll(enforced);
        return props;
    }

    /** Settings for the schema registry client: the URL plus every {@code schema.registry.*} / {@code basic.auth.*} key. */
    public static Map<String, Object> registryProperties(AbstractConfig config) {
        return KafkaConnection.registryProperties(config);
    }

}

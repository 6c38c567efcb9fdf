package io.gatewatch.registry.server;

import io.gatewatch.registry.CompatibilityLevel;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of {@link EmbeddedSchemaRegistry}, named as Confluent Schema Registry names them.
 * Any other {@code kafkastore.}-prefixed key (e.g. {@code kafkastore.security.protocol}) is passed
 * to the store's Kafka clients without the prefix.
 */
public final class EmbeddedSchemaRegistryConfig extends AbstractConfig {
    public static final String LISTENERS = "listeners";
    public static final String KAFKASTORE_BOOTSTRAP_SERVERS = "kafkastore.bootstrap.servers";
    public static final String KAFKASTORE_TOPIC = "kafkastore.topic";
    public static final String KAFKASTORE_TOPIC_REPLICATION_FACTOR = "kafkastore.topic.replication.factor";
    public static final String KAFKASTORE_TIMEOUT_MS = "kafkastore.timeout.ms";
    public static final String KAFKASTORE_INIT_TIMEOUT_MS = "kafkastore.init.timeout.ms";
    public static final String SCHEMA_COMPATIBILITY_LEVEL = "schema.compatibility.level";
    public static final String HTTP_THREADS = "http.threads";
    public static final String DEFAULT_TOPIC = "_schemas";

    private static final String KAFKASTORE_PREFIX = "kafkastore.";

    private static final ConfigDef DEF = new ConfigDef()
            .define(LISTENERS, Type.STRING, "http://127.0.0.1:0", Importance.HIGH,
                    "The one HTTP listener, http://host:port; port 0 picks a free ephemeral port (see url()). "
                            + "Keep the host 127.0.0.1 unless other machines must reach it: there is no authentication.")
            .define(KAFKASTORE_BOOTSTRAP_SERVERS, Type.STRING, "", Importance.HIGH,
                    "Kafka cluster holding the durable schema log. Empty: in-memory registry (tests), forgotten on close.")
            .define(KAFKASTORE_TOPIC, Type.STRING, DEFAULT_TOPIC, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Compacted single-partition topic the registry's changes are written to and replayed from at start.")
            .define(KAFKASTORE_TOPIC_REPLICATION_FACTOR, Type.INT, 3, Range.atLeast(1), Importance.MEDIUM,
                    "Replication factor of the schema topic when it is created; capped at the number of live brokers.")
            .define(KAFKASTORE_TIMEOUT_MS, Type.INT, 10_000, Range.atLeast(1), Importance.MEDIUM,
                    "Longest wait for one change to be acknowledged by all in-sync replicas, in milliseconds; "
                            + "the request then fails with 50001 and the client may retry.")
            .define(KAFKASTORE_INIT_TIMEOUT_MS, Type.INT, 60_000, Range.atLeast(1), Importance.MEDIUM,
                    "Longest wait at start for creating the topic and replaying it, in milliseconds.")
            .define(SCHEMA_COMPATIBILITY_LEVEL, Type.STRING, CompatibilityLevel.BACKWARD.name(),
                    ValidString.in(Arrays.stream(CompatibilityLevel.values()).map(Enum::name).toArray(String[]::new)),
                    Importance.HIGH, "Global compatibility level until one is set through PUT /config.")
            .define(HTTP_THREADS, Type.INT, 4, Range.between(1, 64), Importance.LOW,
                    "Threads serving HTTP requests.");

    private final URI listener;

    public EmbeddedSchemaRegistryConfig(Map<?, ?> props) {
        super(DEF, props, false);
        String value = getString(LISTENERS);
        try {
            listener = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(LISTENERS, value, "not a URL");
        }
        if (!"http".equals(listener.getScheme()) || listener.getHost() == null || listener.getPort() < 0) {
            throw new ConfigException(LISTENERS, value, "must be http://host:port (port 0 for an ephemeral port)");
        }
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }

    public String host() {
        return listener.getHost();
    }

    public int port() {
        return listener.getPort();
    }

    /** Null in in-memory mode. */
    public String bootstrapServers() {
        String servers = getString(KAFKASTORE_BOOTSTRAP_SERVERS).trim();
        return servers.isEmpty() ? null : servers;
    }

    public String topic() {
        return getString(KAFKASTORE_TOPIC);
    }

    public int replicationFactor() {
        return getInt(KAFKASTORE_TOPIC_REPLICATION_FACTOR);
    }

    public Duration storeTimeout() {
        return Duration.ofMillis(getInt(KAFKASTORE_TIMEOUT_MS));
    }

    public Duration initTimeout() {
        return Duration.ofMillis(getInt(KAFKASTORE_INIT_TIMEOUT_MS));
    }

    public CompatibilityLevel defaultLevel() {
        return CompatibilityLevel.valueOf(getString(SCHEMA_COMPATIBILITY_LEVEL));
    }

    public int httpThreads() {
        return getInt(HTTP_THREADS);
    }

    /** Extra Kafka client settings: every {@code kafkastore.*} key this class does not define, prefix removed. */
    public Map<String, Object> kafkaClientOverrides() {
        Map<String, Object> out = new HashMap<>();
        originalsWithPrefix(KAFKASTORE_PREFIX).forEach((key, value) -> {
            if (!DEF.names().contains(KAFKASTORE_PREFIX + key)) {
                out.put(key, value);
            }
        });
        return out;
    }
}

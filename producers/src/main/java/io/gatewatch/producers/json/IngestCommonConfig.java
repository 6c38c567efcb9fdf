package io.gatewatch.producers.json;

import io.gatewatch.producers.gate.PlateTokens;
import io.gatewatch.producers.gate.Pseudonymizer;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.serde.AvroSerde;
import io.gatewatch.config.KafkaConnection;
import io.gatewatch.serde.AvroSerdeConfig;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The settings every JSON ingest channel shares (Kafka, registry, pseudonymisation secret), defined
 * once and added to each channel's {@link ConfigDef}. Kafka and the registry as every engine takes them
 * ({@link KafkaConnection}): raw client settings under {@code kafka.*} ({@code kafka.security.protocol},
 * {@code kafka.producer.delivery.timeout.ms}); registry client settings under their Confluent names.
 */
public final class IngestCommonConfig {
    public static final String BOOTSTRAP_SERVERS = KafkaConnection.BOOTSTRAP_SERVERS;
    public static final String SCHEMA_REGISTRY_URL = KafkaConnection.SCHEMA_REGISTRY_URL;
    public static final String PSEUDONYM_SECRET = "pseudonym.secret";
    /** The secret is used as its UTF-8 bytes; HMAC-SHA256 wants at least 16 of them. */
    public static final int MIN_SECRET_BYTES = 16;
    /** Ingest threads must not hang for Kafka's default minute when the broker is unreachable. */
    static final int DEFAULT_MAX_BLOCK_MS = 5_000;

    private IngestCommonConfig() {}

    /** Adds the shared keys to {@code def} and returns it. */
    public static ConfigDef define(ConfigDef def) {
        return KafkaConnection.define(def)
                .define(PSEUDONYM_SECRET, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, new SecretLength(), Importance.HIGH,
                        "Deployment HMAC-SHA256 secret (UTF-8) turning a raw personId into a personToken and a vehiclePlate into a "
                                + "plate token (key derived under gatewatch/vehicle-plate/v1). The same secret as the gate clients, so "
                                + "tokens match across channels. Never logged.");
    }

    /** Validator: a secret of at least {@link #MIN_SECRET_BYTES} UTF-8 bytes; errors never echo it. */
    public static final class SecretLength implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || ((Password) value).value().getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
                // pass the Password itself: it prints as [hidden]
                throw new ConfigException(name, value, "must be at least " + MIN_SECRET_BYTES + " bytes (UTF-8)");
            }
        }

        @Override
        public String toString() {
            return "secret of at least " + MIN_SECRET_BYTES + " bytes";
        }
    }

    /** The pseudonymiser of the deployment secret. */
    public static Pseudonymizer pseudonymizer(AbstractConfig config) {
        return new Pseudonymizer(config.getPassword(PSEUDONYM_SECRET).value().getBytes(StandardCharsets.UTF_8));
    }

    /** The plate tokens of the deployment secret. */
    public static PlateTokens plateTokens(AbstractConfig config) {
        return new PlateTokens(config.getPassword(PSEUDONYM_SECRET).value().getBytes(StandardCharsets.UTF_8));
    }

    /** Producer settings: bootstrap servers, then {@code kafka.*} / {@code kafka.producer.*} overrides. */
    public static Map<String, Object> producerProps(AbstractConfig config) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, DEFAULT_MAX_BLOCK_MS);
        props.putAll(KafkaConnection.passthrough(config).producer());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaConnection.bootstrapServers(config));
        return props;
    }

    /** Consumer settings (for reading the device registry): bootstrap servers, then {@code kafka.*} / {@code kafka.consumer.*} overrides. */
    public static Map<String, Object> consumerProps(AbstractConfig config) {
        Map<String, Object> props = new HashMap<>(KafkaConnection.passthrough(config).consumer());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaConnection.bootstrapServers(config));
        return props;
    }

    /** Serde and registry-client settings (Confluent names). */
    public static Map<String, Object> serdeProps(AbstractConfig config) {
        Map<String, Object> props = new HashMap<>();
        config.originals().forEach((key, value) -> {
            if (key.startsWith("schema.registry.") || key.startsWith("basic.auth.")
                    || key.equals(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS) || key.equals(AvroSerdeConfig.USE_LATEST_VERSION)) {
                props.put(key, value);
            }
        });
        props.put(SCHEMA_REGISTRY_URL, String.join(",", config.getList(SCHEMA_REGISTRY_URL)));
        return props;
    }

    /** A publisher with its own registry client and producer. */
    public static ScanPublisher publisher(AbstractConfig config) {
        Map<String, Object> serde = serdeProps(config);
        SchemaRegistryClient registry = SchemaRegistryClients.create(serde);
        return ScanPublisher.create(producerProps(config),
                AvroSerde.forKeys(String.class, registry, serde).serializer(),
                AvroSerde.forValues(ScanEvent.class, registry, serde).serializer());
    }
}

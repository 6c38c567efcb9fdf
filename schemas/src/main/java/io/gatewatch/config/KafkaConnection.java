package io.gatewatch.config;

import io.gatewatch.serde.AvroSerdeConfig;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Where Kafka and the schema registry are, defined once for every engine (ingest channels, gate
 * client, simulator, sinks, Kafka Streams): {@value #BOOTSTRAP_SERVERS}, {@value #SCHEMA_REGISTRY_URL},
 * raw client settings under {@code kafka.*} ({@link KafkaPassthrough}) and registry-client settings
 * under their Confluent names ({@code schema.registry.*}, {@code basic.auth.*}). The application's
 * processes take the same keys, the brokers as {@code kafka.bootstrap.servers}.
 */
public final class KafkaConnection {
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = AvroSerdeConfig.SCHEMA_REGISTRY_URL;
    public static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers to bootstrap from (host:port, comma-separated).";

    private KafkaConnection() {}

    /** Adds the brokers and the registry, both required, to {@code def}. */
    public static ConfigDef define(ConfigDef def) {
        return defineBrokers(def)
                .define(SCHEMA_REGISTRY_URL, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Validators.nonEmptyList(), Importance.HIGH,
                        "Schema registry URL(s) speaking the Confluent REST API (tried in order), or mock://<scope> for an "
                                + "in-JVM registry in tests.");
    }

    /** Adds the brokers alone (Kafka Streams, whose serdes get the registry from the application). */
    public static ConfigDef defineBrokers(ConfigDef def) {
        return def.define(BOOTSTRAP_SERVERS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Validators.nonEmptyList(), Importance.HIGH,
                BOOTSTRAP_SERVERS_DOC);
    }

    /** The brokers as a Kafka client takes them. */
    public static String bootstrapServers(AbstractConfig config) {
        return String.join(",", config.getList(BOOTSTRAP_SERVERS));
    }

    /** The {@code kafka.*} settings of {@code config} (see {@link KafkaPassthrough}). */
    public static KafkaPassthrough passthrough(AbstractConfig config) {
        return KafkaPassthrough.from(config.originals());
    }

    /** Serde and registry-client settings, under their Confluent names. */
    public static Map<String, Object> registryProperties(AbstractConfig config) {
        return AvroSerdeConfig.settingsFrom(config.originals(), config.getList(SCHEMA_REGISTRY_URL));
    }
}

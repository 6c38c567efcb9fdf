package io.gatewatch.serde;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Serde settings, named as Confluent's so existing client configs carry over unchanged.
 * Registry connection settings ({@code schema.registry.*}, {@code basic.auth.*}) are read by
 * {@link io.gatewatch.registry.SchemaRegistryClients}.
 */
public final class AvroSerdeConfig extends AbstractConfig {
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    /** Largest record (key or value, framed) the deserializer decodes; GateWatch's own setting. */
    public static final String MAX_RECORD_BYTES = "avro.max.record.bytes";
    public static final int MAX_RECORD_BYTES_DEFAULT = 1024 * 1024;

    private static final ConfigDef DEF = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL, Type.LIST, null, Importance.HIGH,
                    "Comma-separated registry URLs (failover in order), or mock://<scope> for an in-JVM registry in tests. "
                            + "Required unless the serde is given a registry client.")
            .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register the record's schema under <topic>-key/<topic>-value on first use. When false, the schema must already be registered.")
            .define(USE_LATEST_VERSION, Type.BOOLEAN, false, Importance.LOW,
                    "Serialise with the latest schema registered under the subject instead of the record's own (implies no registration); "
                            + "the record is projected onto it, and refused if the latest schema cannot represent it.")
            .define(MAX_RECORD_BYTES, Type.INT, MAX_RECORD_BYTES_DEFAULT, ConfigDef.Range.atLeast(WireFormat.HEADER_SIZE), Importance.LOW,
                    "Largest record (Confluent-framed key or value) the deserializer decodes; a larger one is refused without "
                            + "decoding (an OversizedRecordException, dead-lettered with reason record_too_large). Whatever this "
                            + "says, no record ever makes the decoder allocate more than the record's own size.");

    public AvroSerdeConfig(Map<?, ?> props) {
        super(DEF, props, false);
    }

    /**
     * The serde and registry-client settings among a component's settings ({@code schema.registry.*},
     * {@code basic.auth.*}, {@value #AUTO_REGISTER_SCHEMAS}, {@value #USE_LATEST_VERSION}, {@value #MAX_RECORD_BYTES}), under
     * their Confluent names, with the registry URL list joined as the client expects it.
     */
    public static Map<String, Object> settingsFrom(Map<String, ?> originals, List<String> registryUrls) {
        Map<String, Object> props = new HashMap<>();
        originals.forEach((key, value) -> {
            if (key.startsWith("schema.registry.") || key.startsWith("basic.auth.")
                    || key.equals(AUTO_REGISTER_SCHEMAS) || key.equals(USE_LATEST_VERSION) || key.equals(MAX_RECORD_BYTES)) {
                props.put(key, value);
            }
        });
        props.put(SCHEMA_REGISTRY_URL, String.join(",", registryUrls));
        return props;
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }

    public boolean autoRegister() {
        return getBoolean(AUTO_REGISTER_SCHEMAS);
    }

    public int maxRecordBytes() {
        return getInt(MAX_RECORD_BYTES);
    }

    public boolean useLatestVersion() {
        return getBoolean(USE_LATEST_VERSION);
    }
}

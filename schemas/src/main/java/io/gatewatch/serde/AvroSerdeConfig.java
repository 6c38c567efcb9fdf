package io.gatewatch.serde;

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

    private static final ConfigDef DEF = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL, Type.LIST, null, Importance.HIGH,
                    "Comma-separated registry URLs (failover in order), or mock://<scope> for an in-JVM registry in tests. "
                            + "Required unless the serde is given a registry client.")
            .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register the record's schema under <topic>-key/<topic>-value on first use. When false, the schema must already be registered.")
            .define(USE_LATEST_VERSION, Type.BOOLEAN, false, Importance.LOW,
                    "Serialise with the latest schema registered under the subject instead of the record's own (implies no registration); "
                            + "the record is projected onto it, and refused if the latest schema cannot represent it.");

    public AvroSerdeConfig(Map<?, ?> props) {
        super(DEF, props, false);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }

    public boolean autoRegister() {
        return getBoolean(AUTO_REGISTER_SCHEMAS);
    }

    public boolean useLatestVersion() {
        return getBoolean(USE_LATEST_VERSION);
    }
}

package io.gatewatch.registry;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Settings of the HTTP registry client, named as Confluent's client names them. */
public final class RegistryClientConfig extends AbstractConfig {
    public static final String URL = SchemaRegistryClients.URL;

    private static final ConfigDef DEF = new ConfigDef()
            .define(URL, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Comma-separated registry base URLs, tried in order (failover).");

    public RegistryClientConfig(Map<?, ?> props) {
        super(DEF, props, false);
    }

    public List<String> urls() {
        return getList(URL);
    }
}

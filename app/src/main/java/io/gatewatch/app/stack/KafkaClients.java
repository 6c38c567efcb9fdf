package io.gatewatch.app.stack;

import io.gatewatch.app.config.ResolvedConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/** Kafka client properties for a process: pass-through {@code kafka.*} settings plus the resolved bootstrap servers. */
public final class KafkaClients {
    private KafkaClients() {}

    public static Map<String, Object> admin(ResolvedConfig config) {
        return withBootstrap(config.kafka().admin(), config);
    }

    public static Map<String, Object> producer(ResolvedConfig config) {
        return withBootstrap(config.kafka().producer(), config);
    }

    public static Map<String, Object> consumer(ResolvedConfig config) {
        return withBootstrap(config.kafka().consumer(), config);
    }

    public static Map<String, Object> streams(ResolvedConfig config) {
        return withBootstrap(config.kafka().streams(), config);
    }

    private static Map<String, Object> withBootstrap(Map<String, Object> settings, ResolvedConfig config) {
        Map<String, Object> result = new HashMap<>(settings);
        result.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        return result;
    }
}

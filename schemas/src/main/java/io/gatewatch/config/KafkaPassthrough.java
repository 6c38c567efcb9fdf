package io.gatewatch.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw Kafka client settings passed through from {@code kafka.*} keys — the one pass-through
 * vocabulary of every GateWatch process and engine — so an operator can set anything a Kafka client
 * accepts (TLS, SASL, timeouts, compression) without GateWatch naming it. {@code kafka.X} reaches
 * every client as {@code X}; {@code kafka.producer.X}, {@code kafka.consumer.X} and
 * {@code kafka.admin.X} reach only that kind of client (and, for Kafka Streams, keep Streams' own
 * {@code producer.}/{@code consumer.}/{@code admin.} prefixes). Kafka clients validate these
 * themselves at construction and name the key when one is wrong.
 */
public final class KafkaPassthrough {
    /** The prefix of every pass-through key. */
    public static final String PREFIX = "kafka.";
    private static final List<String> CLIENT_KINDS = List.of("producer.", "consumer.", "admin.");
    private final Map<String, Object> common = new HashMap<>();
    private final Map<String, Map<String, Object>> byKind = new HashMap<>();

    private KafkaPassthrough() {}

    /** The {@code kafka.*} entries of {@code settings}; every other key is ignored. */
    public static KafkaPassthrough from(Map<String, ?> settings) {
        KafkaPassthrough result = new KafkaPassthrough();
        settings.forEach((key, value) -> {
            if (!key.startsWith(PREFIX)) {
                return;
            }
            String client = key.substring(PREFIX.length());
            String kind = CLIENT_KINDS.stream().filter(client::startsWith).findFirst().orElse(null);
            if (kind == null) {
                result.common.put(client, value);
            } else {
                result.byKind.computeIfAbsent(kind, k -> new HashMap<>()).put(client.substring(kind.length()), value);
            }
        });
        return result;
    }

    public Map<String, Object> producer() {
        return forKind("producer.");
    }

    public Map<String, Object> consumer() {
        return forKind("consumer.");
    }

    public Map<String, Object> admin() {
        return forKind("admin.");
    }

    /** Settings for a {@code KafkaStreams} instance: common ones plain, per-kind ones under Streams' prefixes. */
    public Map<String, Object> streams() {
        Map<String, Object> result = new HashMap<>(common);
        byKind.forEach((kind, values) -> values.forEach((k, v) -> result.put(kind + k, v)));
        return result;
    }

    private Map<String, Object> forKind(String kind) {
        Map<String, Object> result = new HashMap<>(common);
        result.putAll(byKind.getOrDefault(kind, Map.of()));
        return result;
    }
}

package io.gatewatch.sinks.testing;

import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Raw Kafka records as a consumer would see them: Avro in the Confluent wire format (registered in
 * a {@code mock://} scope or a real registry), with chosen coordinates, timestamp and headers.
 */
public final class WireRecords {
    private final String url;
    private final SchemaRegistryClient registry;
    private final AvroSerializer<Object> keys;
    private final AvroSerializer<Object> values;

    /** Against a fresh {@code mock://} scope of this JVM. */
    public WireRecords() {
        this("mock://sinks-" + UUID.randomUUID());
    }

    /** Against the registry at {@code url} ({@code mock://scope} or a real one, e.g. the embedded registry). */
    public WireRecords(String url) {
        this.url = url;
        this.registry = SchemaRegistryClients.create(Map.of("schema.registry.url", url));
        this.keys = serializer(true);
        this.values = serializer(false);
    }

    public String registryUrl() {
        return url;
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    public byte[] key(String topic, Object key) {
        return keys.serialize(topic, key);
    }

    public byte[] value(String topic, Object value) {
        return values.serialize(topic, value);
    }

    public ConsumerRecord<byte[], byte[]> record(String topic, int partition, long offset, Object key, Object value) {
        return raw(topic, partition, offset, Alerts.T0, key(topic, key), value(topic, value), new RecordHeaders());
    }

    public static ConsumerRecord<byte[], byte[]> raw(String topic, int partition, long offset, Instant timestamp,
                                                     byte[] key, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>(topic, partition, offset, timestamp.toEpochMilli(), TimestampType.CREATE_TIME,
                key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, headers, Optional.empty());
    }

    /** Headers from name/value string pairs. */
    public static RecordHeaders headers(Map<String, String> pairs) {
        RecordHeaders headers = new RecordHeaders();
        pairs.forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    private AvroSerializer<Object> serializer(boolean isKey) {
        AvroSerializer<Object> serializer = new AvroSerializer<>(registry);
        serializer.configure(Map.of("schema.registry.url", registryUrl()), isKey);
        return serializer;
    }
}

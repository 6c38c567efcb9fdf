package io.gatewatch.serde;

import io.gatewatch.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka (Streams) serde for one Avro type in the Confluent wire format.
 *
 * <pre>{@code
 * Serde<ScanEvent> scans = AvroSerde.forValues(ScanEvent.class, registry, serdeConfig);
 * Serde<String> deviceKeys = AvroSerde.forKeys(String.class, registry, serdeConfig);
 * }</pre>
 */
public final class AvroSerde<T> implements Serde<T> {
    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    public AvroSerde(SchemaRegistryClient registry, Class<T> type) {
        this.serializer = new AvroSerializer<>(registry);
        this.deserializer = new AvroDeserializer<>(registry, type);
    }

    /** A configured serde for record values. */
    public static <T> AvroSerde<T> forValues(Class<T> type, SchemaRegistryClient registry, Map<String, ?> config) {
        AvroSerde<T> serde = new AvroSerde<>(registry, type);
        serde.configure(config, false);
        return serde;
    }

    /** A configured serde for record keys. */
    public static <T> AvroSerde<T> forKeys(Class<T> type, SchemaRegistryClient registry, Map<String, ?> config) {
        AvroSerde<T> serde = new AvroSerde<>(registry, type);
        serde.configure(config, true);
        return serde;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}

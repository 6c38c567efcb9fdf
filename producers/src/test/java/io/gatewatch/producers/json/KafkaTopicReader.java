package io.gatewatch.producers.json;

import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.serde.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.awaitility.Awaitility;

/**
 * Reads a topic from the beginning in tests, keeping every raw record seen so far, and decodes
 * scans with the registry of the given URL. No consumer group: it assigns all partitions.
 */
public final class KafkaTopicReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
    private final Deserializer<ScanEvent> scans;
    private final Deserializer<String> keys;

    public KafkaTopicReader(String bootstrapServers, String topic, String registryUrl) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<String, Object> serde = Map.of("schema.registry.url", registryUrl);
        SchemaRegistryClient registry = SchemaRegistryClients.create(serde);
        scans = AvroSerde.forValues(ScanEvent.class, registry, serde).deserializer();
        keys = AvroSerde.forKeys(String.class, registry, serde).deserializer();
    }

    /** Polls until a record matches, bounded; returns it. */
    public ConsumerRecord<byte[], byte[]> awaitRecord(Predicate<ConsumerRecord<byte[], byte[]>> match) {
        ConsumerRecord<byte[], byte[]>[] found = new ConsumerRecord[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
            poll();
            found[0] = seen.stream().filter(match).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    /** Polls until a scan with this event id arrives; returns the decoded scan. */
    public ScanEvent awaitScan(String eventId) {
        return scan(awaitRecord(r -> eventId.equals(scan(r).getEventId())));
    }

    public ScanEvent scan(ConsumerRecord<byte[], byte[]> record) {
        return scans.deserialize(record.topic(), record.value());
    }

    public String key(ConsumerRecord<byte[], byte[]> record) {
        return keys.deserialize(record.topic(), record.key());
    }

    /** Every record seen so far (call after an await). */
    public List<ConsumerRecord<byte[], byte[]>> seen() {
        poll();
        return List.copyOf(seen);
    }

    public List<ScanEvent> seenScans() {
        return seen().stream().map(this::scan).toList();
    }

    private void poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    }

    /** The value of a header as UTF-8, or null. */
    public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}

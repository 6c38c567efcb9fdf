package io.gatewatch.bench.load;

import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The ceiling: one consumer on the calling thread reading the scans topic from the beginning to
 * its end and decoding every key and value (Confluent wire format, Avro); nothing else.
 */
final class PlainConsumer {
    /** Records read, values that decoded, and the calling thread's CPU seconds. */
    record Outcome(long records, long decoded, double seconds, double threadCpuSeconds) {}

    private PlainConsumer() {}

    static Outcome readAll(String bootstrapServers, Deserializer<String> keys, Deserializer<ScanEvent> values) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SCANS).stream()
                    .map(info -> new TopicPartition(Topics.SCANS, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long records = 0;
            long decoded = 0;
            double cpuStart = ResourceMeter.currentThreadCpuSeconds();
            long started = System.nanoTime();
            long deadline = started + Duration.ofMinutes(10).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The plain consumer did not reach the end of " + Topics.SCANS);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    records++;
                    try {
                        keys.deserialize(Topics.SCANS, record.key());
                        if (values.deserialize(Topics.SCANS, record.value()) != null) {
                            decoded++;
                        }
                    } catch (SerializationException e) {
                        // a malformed record of the backlog: counted as read, not decoded
                    }
                }
            }
            return new Outcome(records, decoded, (System.nanoTime() - started) / 1e9, ResourceMeter.currentThreadCpuSeconds() - cpuStart);
        }
    }
}

package io.gatewatch.sinks.jdbc;

import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a row came from: the Kafka coordinates and timestamp of its record, and the sizes of its
 * key and value in bytes (-1: null), which a dead letter stores instead of the bytes.
 */
record RecordSource(String topic, int partition, long offset, Instant timestamp, int keySize, int valueSize) {

    /** Coordinates of a record whose key and value sizes do not matter (tests, tombstone-free rows). */
    public RecordSource(String topic, int partition, long offset, Instant timestamp) {
        this(topic, partition, offset, timestamp, -1, -1);
    }

    public static RecordSource of(ConsumerRecord<byte[], byte[]> record) {
        return new RecordSource(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                size(record.key()), size(record.value()));
    }

    private static int size(byte[] bytes) {
        return bytes == null ? -1 : bytes.length;
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}

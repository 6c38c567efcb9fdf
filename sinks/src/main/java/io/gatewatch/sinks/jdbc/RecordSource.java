package io.gatewatch.sinks.jdbc;

import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** Where a row came from: the Kafka coordinates and timestamp of its record. */
public record RecordSource(String topic, int partition, long offset, Instant timestamp) {

    public static RecordSource of(ConsumerRecord<?, ?> record) {
        return new RecordSource(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()));
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}

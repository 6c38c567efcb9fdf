package io.gatewatch.embedded;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads whole topics with a plain consumer, for tests that compare what a topic holds with what was expected. */
public final class TopicReads {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    private TopicReads() {}

    /**
     * Assigns every partition of {@code topics} to {@code consumer}, reads them from the beginning
     * to the end offsets they had when the read began (within 30 s, else it throws), handing each
     * record to {@code each}; returns those end offsets.
     */
    public static Map<TopicPartition, Long> fromBeginningToEnd(KafkaConsumer<byte[], byte[]> consumer, Collection<String> topics,
                                                               Consumer<ConsumerRecord<byte[], byte[]>> each) {
        List<TopicPartition> partitions = topics.stream()
                .flatMap(topic -> consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Could not read " + topics + " to their end within " + WITHIN);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(each);
        }
        return ends;
    }
}

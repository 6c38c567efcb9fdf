package io.gatewatch.producers.kafka;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** A Kafka send as a future that always completes, whether the producer calls back or throws. */
public final class Sends {
    private Sends() {}

    /**
     * Sends {@code record}; the future completes with its metadata once Kafka acknowledged it, or
     * exceptionally when the send failed — including when {@code send} itself throws (no metadata
     * or no buffer room within {@code max.block.ms}, the registry unreachable, a closed producer).
     */
    public static <K, V> CompletableFuture<RecordMetadata> send(Producer<K, V> producer, ProducerRecord<K, V> record) {
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, exception) -> {
                if (exception == null) {
                    result.complete(metadata);
                } else {
                    result.completeExceptionally(exception);
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }
}

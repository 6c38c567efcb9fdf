package io.gatewatch.producers.json;

import io.gatewatch.producers.kafka.Sends;
import io.gatewatch.schema.RejectReason;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes what the ingest channels accept to Kafka: scans to {@link Topics#SCANS} (key deviceId, both
 * Avro in the Confluent wire format) and refused payloads to {@link Topics#SCANS_REJECTED} (the kept
 * bytes, see {@link RejectedPayloads}, with {@link RejectHeaders}).
 *
 * <p>One byte-array producer serves both topics, serialising with the given Avro serializers first,
 * so a registry failure surfaces exactly like a broker failure: as a failed future. The producer is
 * idempotent with {@code acks=all} (forced, whatever the overrides say): a future completes
 * successfully only once every in-sync replica has the record. Futures never throw synchronously.
 */
public final class ScanPublisher implements AutoCloseable {
    private final Producer<byte[], byte[]> producer;
    private final Serializer<String> keySerializer;
    private final Serializer<ScanEvent> valueSerializer;

    public ScanPublisher(Producer<byte[], byte[]> producer, Serializer<String> keySerializer, Serializer<ScanEvent> valueSerializer) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.keySerializer = Objects.requireNonNull(keySerializer, "keySerializer");
        this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
    }

    /**
     * A publisher with its own producer. {@code producerProps} are raw client settings (bootstrap
     * servers, timeouts, security); idempotence and {@code acks=all} are imposed.
     */
    public static ScanPublisher create(Map<String, Object> producerProps, Serializer<String> keySerializer,
                                       Serializer<ScanEvent> valueSerializer) {
        Map<String, Object> props = new HashMap<>(producerProps);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "gatewatch-ingest");
        return new ScanPublisher(new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()),
                keySerializer, valueSerializer);
    }

    /** Sends one scan; the future completes when Kafka acknowledged it, or fails. */
    public CompletableFuture<RecordMetadata> publish(ScanEvent event) {
        try {
            byte[] key = keySerializer.serialize(Topics.SCANS, event.getDeviceId());
            byte[] value = valueSerializer.serialize(Topics.SCANS, event);
            return send(new ProducerRecord<>(Topics.SCANS, key, value));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Sends a refused payload to the rejected topic.
     *
     * @param key bytes to key it by (the MQTT topic), or null
     * @param original the payload as received; identity fields are redacted here
     * @param source where it came from (the MQTT topic)
     * @param channel {@code mqtt} or {@code http}
     */
    public CompletableFuture<RecordMetadata> reject(byte[] key, byte[] original, String source, String channel,
                                                    RejectReason reason, String message, Instant receivedAt) {
        try {
            RejectedPayloads.Kept kept = RejectedPayloads.keep(original, reason);
            RecordHeaders headers = new RecordHeaders();
            header(headers, RejectHeaders.SOURCE, source);
            header(headers, RejectHeaders.CHANNEL, channel);
            header(headers, RejectHeaders.REJECTED_BY, RejectHeaders.rejectedBy(channel));
            header(headers, RejectHeaders.REASON, reason.code());
            header(headers, RejectHeaders.MESSAGE, kept.note() == null ? message : message + " (" + kept.note() + ")");
            header(headers, RejectHeaders.RECEIVED_AT, receivedAt.toString());
            header(headers, RejectHeaders.REDACTED, kept.redaction());
            return send(new ProducerRecord<>(Topics.SCANS_REJECTED, null, key, kept.value(), headers));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private CompletableFuture<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        return Sends.send(producer, record);
    }

    /** Closes the producer, waiting up to {@code timeout} for records in flight. */
    public void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}

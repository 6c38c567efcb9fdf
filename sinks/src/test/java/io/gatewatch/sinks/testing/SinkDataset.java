package io.gatewatch.sinks.testing;

import static io.gatewatch.schema.testing.DeviceRegistrationBuilder.aDevice;
import static io.gatewatch.schema.testing.ScanEventBuilder.aScan;
import static io.gatewatch.sinks.testing.Alerts.T0;
import static io.gatewatch.sinks.testing.Alerts.anAlert;
import static io.gatewatch.sinks.testing.Counts.aCount;

import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.RejectedRecordHeaders;
import io.gatewatch.schema.Severity;
import io.gatewatch.schema.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces a realistic mix for the sink, unique per {@code tag}: alerts on several alert topics
 * (one resent), count updates that repeat keys (and one tombstone), rejected scans with reason
 * headers (one without), late scans, device registrations (one retired), and poison bytes.
 */
public final class SinkDataset implements AutoCloseable {
    public static final List<String> REASONS = List.of("missing_field", "implausible_reading", "unknown_device");

    private final WireRecords wire;
    private final KafkaProducer<byte[], byte[]> producer;
    private final List<Future<RecordMetadata>> sent = new ArrayList<>();

    public SinkDataset(String bootstrapServers, WireRecords wire) {
        this.wire = wire;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Sends the mix for {@code tag} ({@code scale} multiplies the record counts) and waits for every ack. */
    public void produce(String tag, int scale) {
        List<String> alertTopics = List.of(Topics.ALERTS_FEVER, Topics.ALERTS_HEALTHCODE, Topics.FAULTS_DEVICE);
        for (int i = 0; i < 6 * scale; i++) {
            String village = "1101010010" + String.format("%02d", i % 7);
            var alert = anAlert().forEvent(tag + "-E" + i).ofType(i % 3 == 2 ? AlertType.DEVICE_FAULT : AlertType.FEVER)
                    .withSeverity(i % 2 == 0 ? Severity.HIGH : Severity.CRITICAL).inVillage(village)
                    .fromDevice(tag + "-D" + (i % 4)).at(T0.plusSeconds(i)).build();
            send(alertTopics.get(i % 3), wire.key(alertTopics.get(i % 3), village), wire.value(alertTopics.get(i % 3), alert),
                    T0, new RecordHeaders());
            if (i == 0) { // a retry upstream: same alert again
                send(alertTopics.get(0), wire.key(alertTopics.get(0), village), wire.value(alertTopics.get(0), alert), T0,
                        new RecordHeaders());
            }
        }
        for (int i = 0; i < 4 * scale; i++) {
            for (int update = 1; update <= 2; update++) {
                Counts count = aCount().forVillage(tag + "-V" + i).hourly().from(T0).withScans(10L * i + update);
                String topic = Topics.COUNTS_HOURLY;
                send(topic, wire.key(topic, count.key()), wire.value(topic, count.build()), T0, new RecordHeaders());
            }
        }
        Counts daily = aCount().forCounty(tag + "-county").daily().from(T0).withScans(99);
        send(Topics.COUNTS_DAILY, wire.key(Topics.COUNTS_DAILY, daily.key()), wire.value(Topics.COUNTS_DAILY, daily.build()), T0,
                new RecordHeaders());
        Counts gone = aCount().forCounty(tag + "-gone").daily().from(T0);
        send(Topics.COUNTS_DAILY, wire.key(Topics.COUNTS_DAILY, gone.key()), wire.value(Topics.COUNTS_DAILY, gone.build()), T0,
                new RecordHeaders());
        send(Topics.COUNTS_DAILY, wire.key(Topics.COUNTS_DAILY, gone.key()), null, T0, new RecordHeaders());

        for (int i = 0; i < 10 * scale; i++) {
            RecordHeaders headers = WireRecords.headers(i == 0
                    ? Map.of()
                    : Map.of(RejectedRecordHeaders.REASON, REASONS.get(i % REASONS.size()),
                             RejectedRecordHeaders.MESSAGE, "field " + i + " refused",
                             RejectedRecordHeaders.SOURCE_TOPIC, Topics.SCANS,
                             RejectedRecordHeaders.SOURCE_PARTITION, String.valueOf(i % 3),
                             RejectedRecordHeaders.SOURCE_OFFSET, String.valueOf(1000 + i)));
            send(Topics.SCANS_REJECTED, (tag + i).getBytes(StandardCharsets.UTF_8), new byte[] {9, 9, 9},
                    T0.plusSeconds(1_200L * i), headers);
        }
        for (int i = 0; i < 5 * scale; i++) {
            String device = tag + "-D" + (i % 3);
            var scan = aScan().withEventId(tag + "-L" + i).fromDevice(device).at(T0.minusSeconds(600L * i)).build();
            send(Topics.SCANS_LATE, wire.key(Topics.SCANS_LATE, device), wire.value(Topics.SCANS_LATE, scan), T0,
                    new RecordHeaders());
        }
        for (int i = 0; i < 3; i++) {
            String device = tag + "-D" + i;
            var registration = aDevice(device).atCheckpoint("CP" + i).inVillage("110101001001").updatedAt(T0).build();
            send(Topics.DEVICES, wire.key(Topics.DEVICES, device), wire.value(Topics.DEVICES, registration), T0,
                    new RecordHeaders());
        }
        send(Topics.DEVICES, wire.key(Topics.DEVICES, tag + "-D2"), null, T0, new RecordHeaders());

        send(Topics.ALERTS_FEVER, null, new byte[] {42, 0, 0}, T0, new RecordHeaders());
        send(Topics.SCANS_LATE, null, new byte[] {0, 0, 0, 0, 0, 1}, T0, new RecordHeaders());
        awaitAcks();
    }

    /** Sends one record of raw bytes to {@code partition} of {@code topic} and waits for its ack. */
    public RecordMetadata sendTo(String topic, int partition, byte[] key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, partition, T0.toEpochMilli(), key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("produce failed", e.getCause());
        }
    }

    private void send(String topic, byte[] key, byte[] value, Instant timestamp, RecordHeaders headers) {
        sent.add(producer.send(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value, headers)));
    }

    private void awaitAcks() {
        producer.flush();
        try {
            for (Future<RecordMetadata> ack : sent) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("produce failed", e.getCause());
        }
        sent.clear();
    }

    @Override
    public void close() {
        producer.close();
    }
}

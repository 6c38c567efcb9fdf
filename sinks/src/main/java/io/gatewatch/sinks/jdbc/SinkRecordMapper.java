package io.gatewatch.sinks.jdbc;

import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.AreaCountKey;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroDeserializer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Turns a raw Kafka record into the row the sink stores for it. Never throws for bad data: a
 * record that cannot be decoded, or that breaks its topic's contract (a tombstone on an alert
 * topic, a count without its key, a missing required field), becomes a
 * {@link DeadLetterRow} naming the error, so a poison record is routed, counted and skipped in
 * the same transaction as its offset, never silently dropped and never blocking the partition.
 */
public final class SinkRecordMapper {
    private final AvroDeserializer<ScreeningAlert> alerts;
    private final AvroDeserializer<AreaCountKey> countKeys;
    private final AvroDeserializer<AreaCount> counts;
    private final AvroDeserializer<ScanEvent> scans;
    private final AvroDeserializer<String> deviceKeys;
    private final AvroDeserializer<DeviceRegistration> devices;
    private final Map<String, Function<ConsumerRecord<byte[], byte[]>, SinkRow>> byTopic = new HashMap<>();

    public SinkRecordMapper(SchemaRegistryClient registry) {
        this.alerts = new AvroDeserializer<>(registry, ScreeningAlert.class);
        this.countKeys = new AvroDeserializer<>(registry, AreaCountKey.class);
        this.counts = new AvroDeserializer<>(registry, AreaCount.class);
        this.scans = new AvroDeserializer<>(registry, ScanEvent.class);
        this.deviceKeys = new AvroDeserializer<>(registry, String.class);
        this.devices = new AvroDeserializer<>(registry, DeviceRegistration.class);
        Topics.ALERT_TOPICS.forEach(topic -> byTopic.put(topic, this::alert));
        byTopic.put(Topics.COUNTS_HOURLY, this::count);
        byTopic.put(Topics.COUNTS_DAILY, this::count);
        byTopic.put(Topics.SCANS_REJECTED, this::rejected);
        byTopic.put(Topics.SCANS_LATE, this::late);
        byTopic.put(Topics.DEVICES, this::device);
    }

    /** The row for {@code record}; a {@link DeadLetterRow} when it cannot be stored as data. */
    public SinkRow map(ConsumerRecord<byte[], byte[]> record) {
        Function<ConsumerRecord<byte[], byte[]>, SinkRow> mapping = byTopic.get(record.topic());
        if (mapping == null) {
            return deadLetter(record, "no table for topic " + record.topic());
        }
        try {
            return mapping.apply(record);
        } catch (RuntimeException e) {
            // SerializationException from the deserializers, or a contract breach (null field).
            return deadLetter(record, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private SinkRow alert(ConsumerRecord<byte[], byte[]> record) {
        ScreeningAlert alert = alerts.deserialize(record.topic(), record.value());
        if (alert == null) {
            return deadLetter(record, "tombstone (null value) on an alert topic");
        }
        return AlertRow.of(alert, RecordSource.of(record));
    }

    private SinkRow count(ConsumerRecord<byte[], byte[]> record) {
        AreaCountKey key = countKeys.deserialize(record.topic(), record.key());
        if (key == null) {
            return deadLetter(record, "count without a key");
        }
        AreaCount count = counts.deserialize(record.topic(), record.value());
        return new AreaCountRow(AreaCountRow.Key.of(key), count, RecordSource.of(record));
    }

    private SinkRow late(ConsumerRecord<byte[], byte[]> record) {
        ScanEvent scan = scans.deserialize(record.topic(), record.value());
        if (scan == null) {
            return deadLetter(record, "tombstone (null value) on the late-scan topic");
        }
        return new LateScanRow(RecordSource.of(record), scan.getDeviceId(), scan.getSource().name(), scan.getVillageCode(),
                scan.getScannedAt());
    }

    private SinkRow device(ConsumerRecord<byte[], byte[]> record) {
        String deviceId = deviceKeys.deserialize(record.topic(), record.key());
        DeviceRegistration registration = devices.deserialize(record.topic(), record.value());
        if (deviceId == null) {
            if (registration == null) {
                return deadLetter(record, "device tombstone without a key");
            }
            deviceId = registration.getDeviceId();
        }
        return new DeviceRow(deviceId, registration, RecordSource.of(record));
    }

    private SinkRow rejected(ConsumerRecord<byte[], byte[]> record) {
        Headers headers = record.headers();
        String reason = RejectHeaders.text(headers, RejectHeaders.REASON_NAMES);
        String message = RejectHeaders.text(headers, RejectHeaders.MESSAGE_NAMES);
        Long partition = RejectHeaders.number(headers, RejectHeaders.SOURCE_PARTITION_NAMES);
        return new RejectedScanRow(
                RecordSource.of(record),
                reason == null || reason.isBlank() ? RejectedScanRow.UNKNOWN_REASON : truncate(reason.strip(), 100),
                message == null ? null : truncate(message, RejectedScanRow.MAX_MESSAGE_LENGTH),
                RejectHeaders.text(headers, RejectHeaders.SOURCE_TOPIC_NAMES),
                partition == null || partition > Integer.MAX_VALUE || partition < Integer.MIN_VALUE ? null : partition.intValue(),
                RejectHeaders.number(headers, RejectHeaders.SOURCE_OFFSET_NAMES),
                size(record.key()),
                size(record.value()));
    }

    private static DeadLetterRow deadLetter(ConsumerRecord<byte[], byte[]> record, String error) {
        return new DeadLetterRow(RecordSource.of(record), truncate(String.valueOf(error), DeadLetterRow.MAX_ERROR_LENGTH),
                size(record.key()), size(record.value()));
    }

    private static int size(byte[] bytes) {
        return bytes == null ? -1 : bytes.length;
    }

    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}

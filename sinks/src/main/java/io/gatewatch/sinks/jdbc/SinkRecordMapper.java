package io.gatewatch.sinks.jdbc;

import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.AreaCountKey;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.LateScanHeaders;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroDeserializer;
import io.gatewatch.sinks.poison.Decoded;
import io.gatewatch.sinks.poison.Poison;
import io.gatewatch.sinks.poison.PoisonReason;
import io.gatewatch.sinks.poison.StorableValues;
import java.nio.charset.CharacterCodingException;
import java.time.DateTimeException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Turns a raw Kafka record into the row the sink stores for it. Never throws for bad data: a
 * record that cannot be decoded ({@link PoisonReason#UNDESERIALIZABLE}), that breaks its topic's
 * contract (a tombstone on an alert topic, a count without its key:
 * {@link PoisonReason#CONTRACT_VIOLATION}), or that holds a value the database cannot store as it
 * is ({@link StorableValues}) becomes a {@link DeadLetterRow} naming the reason, so a poison record
 * is routed, counted and skipped in the same transaction as its offset, never silently altered or
 * dropped and never blocking the partition.
 */
final class SinkRecordMapper {
    private static final List<String> LATE_VILLAGE = List.of(LateScanHeaders.VILLAGE_CODE);
    private static final List<String> LATE_CHECKPOINT = List.of(LateScanHeaders.CHECKPOINT_ID);
    private static final List<String> LATE_WINDOW = List.of(LateScanHeaders.WINDOW);
    private final AvroDeserializer<ScreeningAlert> alerts;
    private final AvroDeserializer<AreaCountKey> countKeys;
    private final AvroDeserializer<AreaCount> counts;
    private final AvroDeserializer<ScanEvent> scans;
    private final AvroDeserializer<String> deviceKeys;
    private final AvroDeserializer<DeviceRegistration> devices;
    private final Map<String, Function<ConsumerRecord<byte[], byte[]>, SinkRow>> byTopic = new HashMap<>();

    SinkRecordMapper(SchemaRegistryClient registry) {
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
    SinkRow map(ConsumerRecord<byte[], byte[]> record) {
        Function<ConsumerRecord<byte[], byte[]>, SinkRow> mapping = byTopic.get(record.topic());
        if (mapping == null) {
            return deadLetter(record, PoisonReason.CONTRACT_VIOLATION, "no table for topic " + record.topic());
        }
        try {
            return mapping.apply(record);
        } catch (PoisonException e) {
            return DeadLetterRow.of(RecordSource.of(record), e.poison);
        } catch (RuntimeException e) {
            // A contract breach the decoder let through (a null where a value is required), or a bug.
            return deadLetter(record, PoisonReason.MAPPING_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private SinkRow alert(ConsumerRecord<byte[], byte[]> record) {
        ScreeningAlert alert = decode(alerts, record.topic(), record.value());
        if (alert == null) {
            return deadLetter(record, PoisonReason.CONTRACT_VIOLATION, "tombstone (null value) on an alert topic");
        }
        return AlertRow.of(alert, RecordSource.of(record));
    }

    private SinkRow count(ConsumerRecord<byte[], byte[]> record) {
        AreaCountKey key = decode(countKeys, record.topic(), record.key());
        if (key == null) {
            return deadLetter(record, PoisonReason.CONTRACT_VIOLATION, "count without a key");
        }
        AreaCount count = decode(counts, record.topic(), record.value());
        AreaCountRow row = new AreaCountRow(AreaCountRow.Key.of(key), count, RecordSource.of(record));
        if (count != null) {
            try {
                row.localDate();
                row.localStart();
            } catch (DateTimeException e) {
                return deadLetter(record, PoisonReason.CONTRACT_VIOLATION,
                        "localDate/localStart not an ISO-8601 local date (time): " + e.getMessage());
            }
        }
        return row;
    }

    private SinkRow late(ConsumerRecord<byte[], byte[]> record) {
        ScanEvent scan = decode(scans, record.topic(), record.value());
        if (scan == null) {
            return deadLetter(record, PoisonReason.CONTRACT_VIOLATION, "tombstone (null value) on the late-scan topic");
        }
        // Filed where the counts placed it (the registry's village), never the village the source reported.
        Headers headers = record.headers();
        return new LateScanRow(RecordSource.of(record), scan.getDeviceId(), scan.getSource().name(),
                header(headers, LATE_VILLAGE), header(headers, LATE_CHECKPOINT), header(headers, LATE_WINDOW),
                scan.getScannedAt());
    }

    private SinkRow device(ConsumerRecord<byte[], byte[]> record) {
        String deviceId = decode(deviceKeys, record.topic(), record.key());
        DeviceRegistration registration = decode(devices, record.topic(), record.value());
        if (deviceId == null) {
            if (registration == null) {
                return deadLetter(record, PoisonReason.CONTRACT_VIOLATION, "device tombstone without a key");
            }
            deviceId = registration.getDeviceId();
        }
        return new DeviceRow(deviceId, registration, RecordSource.of(record));
    }

    private SinkRow rejected(ConsumerRecord<byte[], byte[]> record) {
        Headers headers = record.headers();
        String reason = header(headers, RejectHeaders.REASON_NAMES);
        String message = header(headers, RejectHeaders.MESSAGE_NAMES);
        Long partition = RejectHeaders.number(headers, RejectHeaders.SOURCE_PARTITION_NAMES);
        RecordSource source = RecordSource.of(record);
        return new RejectedScanRow(
                source,
                reason == null || reason.isBlank() ? RejectedScanRow.UNKNOWN_REASON : truncate(reason.strip(), 100),
                message == null ? null : truncate(message, RejectedScanRow.MAX_MESSAGE_LENGTH),
                header(headers, RejectHeaders.SOURCE_TOPIC_NAMES),
                partition == null || partition > Integer.MAX_VALUE || partition < Integer.MIN_VALUE ? null : partition.intValue(),
                RejectHeaders.number(headers, RejectHeaders.SOURCE_OFFSET_NAMES),
                source.keySize(),
                source.valueSize());
    }

    /** Decodes, refusing undecodable bytes and a datum that cannot be stored as it is. */
    private static <T> T decode(AvroDeserializer<T> deserializer, String topic, byte[] bytes) {
        Decoded<T> decoded = Decoded.of(deserializer, topic, bytes);
        if (decoded.isPoison()) {
            throw new PoisonException(decoded.poison());
        }
        return decoded.value();
    }

    private static String header(Headers headers, List<String> names) {
        String text;
        try {
            text = RejectHeaders.text(headers, names);
        } catch (CharacterCodingException e) {
            throw new PoisonException(Poison.of(PoisonReason.INVALID_TEXT, "header " + names.get(0) + " is not strict UTF-8"));
        }
        StorableValues.textViolation("header " + names.get(0), text).ifPresent(poison -> {
            throw new PoisonException(poison);
        });
        return text;
    }

    private static DeadLetterRow deadLetter(ConsumerRecord<byte[], byte[]> record, PoisonReason reason, String error) {
        return DeadLetterRow.of(RecordSource.of(record), Poison.of(reason, error));
    }

    static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        // Never cut a surrogate pair in two: half a pair cannot be stored as it is.
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }

    /** A record found to be poison while mapping; cheap: no stack trace. */
    private static final class PoisonException extends RuntimeException {
        private final transient Poison poison;

        PoisonException(Poison poison) {
            super(poison.message(), null, false, false);
            this.poison = poison;
        }
    }
}

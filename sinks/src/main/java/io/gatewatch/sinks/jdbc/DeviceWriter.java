package io.gatewatch.sinks.jdbc;

import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.poison.PoisonReason;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Table {@code device_registration}: the registrations read as a table (last record per device
 * wins). A registration marked retired sets {@code retired_at} to when it was written, and so does
 * a tombstone, which keeps the row.
 */
final class DeviceWriter extends TableWriter<DeviceRow, DeviceRow> {
    private static final List<String> KEY = List.of("device_id");
    static final Columns<DeviceRow> COLUMNS = Columns.of(DeviceRow.class)
            .text("device_id", DeviceRow::deviceId)
            .text("checkpoint_id", row -> row.registration().getCheckpointId())
            .text("village_code", row -> row.registration().getVillageCode())
            .text("kind", row -> row.registration().getKind().name())
            .text("body_site", row -> row.registration().getBodySite().name())
            .text("unit", row -> row.registration().getUnit().name())
            .doublePrecision("calibration_offset_celsius", row -> row.registration().getCalibrationOffsetCelsius())
            .timestamp("registered_at", row -> row.registration().getUpdatedAt())
            .timestamp("retired_at", row -> row.registration().getRetired() ? row.registration().getUpdatedAt() : null)
            .bigint("kafka_offset", row -> row.source().offset())
            .text("checkpoint_kind", row -> row.registration().getCheckpointKind().name())
            .text("checkpoint_name", row -> row.registration().getCheckpointName());
    static final Columns<DeviceRow> RETIREMENT = Columns.of(DeviceRow.class)
            .text("device_id", DeviceRow::deviceId)
            .timestamp("retired_at", row -> row.source().timestamp())
            .bigint("kafka_offset", row -> row.source().offset());
    static final String UPSERT = COLUMNS.upsert("device_registration", KEY);
    static final String RETIRE = RETIREMENT.upsert("device_registration", KEY);

    DeviceWriter() {
        super(SinkTable.DEVICE_REGISTRATION, DeviceRow.class, List.of(Topics.DEVICES),
                () -> Reduction.lastPerKey(DeviceRow::deviceId));
    }

    @Override
    SinkRow map(ConsumerRecord<byte[], byte[]> record, SinkRecordMapper decoder) {
        String deviceId = decoder.decode(String.class, record.topic(), record.key());
        DeviceRegistration registration = decoder.decode(DeviceRegistration.class, record.topic(), record.value());
        if (deviceId == null) {
            if (registration == null) {
                return SinkRecordMapper.deadLetter(record, PoisonReason.CONTRACT_VIOLATION, "device tombstone without a key");
            }
            deviceId = registration.getDeviceId();
        }
        return new DeviceRow(deviceId, registration, RecordSource.of(record));
    }

    @Override
    void write(Connection connection, Collection<DeviceRow> rows, WriteLimits limits) throws SQLException {
        upsertOrRemove(connection, rows, DeviceRow::isRetirement, COLUMNS, UPSERT, RETIREMENT, RETIRE);
    }
}

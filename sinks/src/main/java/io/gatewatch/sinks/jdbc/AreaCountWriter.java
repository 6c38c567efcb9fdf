package io.gatewatch.sinks.jdbc;

import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.AreaCountKey;
import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.poison.PoisonReason;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.util.Collection;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Table {@code area_count}: the hourly and daily counts read as a table, so the last record per key
 * wins and a tombstone deletes the row.
 */
final class AreaCountWriter extends TableWriter<AreaCountRow, AreaCountRow> {
    private static final List<String> KEY = List.of("area_level", "area_code", "window_size", "window_start");
    static final Columns<AreaCountRow> KEY_COLUMNS = keyColumns();
    static final Columns<AreaCountRow> COLUMNS = keyColumns()
            .timestamp("window_end", row -> row.count().getWindowEnd())
            .text("time_zone", row -> row.count().getTimeZone())
            .bigint("scans", figure(AreaCount::getScans))
            .bigint("distinct_persons", figure(AreaCount::getDistinctPersons))
            .bigint("fevers", figure(AreaCount::getFevers))
            .bigint("yellow_codes", figure(AreaCount::getYellowCodes))
            .bigint("red_codes", figure(AreaCount::getRedCodes))
            .bigint("device_faults", figure(AreaCount::getDeviceFaults))
            .bigint("visitors", figure(AreaCount::getVisitors))
            .bigint("vehicles", figure(AreaCount::getVehicles))
            .bigint("gate_scans", figure(AreaCount::getGateScans))
            .bigint("phone_app_scans", figure(AreaCount::getPhoneAppScans))
            .bigint("staff_scans", figure(AreaCount::getStaffScans))
            .bigint("clinic_scans", figure(AreaCount::getClinicScans))
            .bigint("pharmacy_scans", figure(AreaCount::getPharmacyScans))
            .bool("is_final", row -> row.count().getIsFinal())
            .timestamp("updated_at", row -> row.count().getUpdatedAt())
            .date("local_date", AreaCountRow::localDate)
            .localTimestamp("local_start", AreaCountRow::localStart)
            .source(AreaCountRow::source);
    static final String UPSERT = COLUMNS.upsert("area_count", KEY);
    static final String DELETE = KEY_COLUMNS.deleteWhereEqual("area_count");

    private static Columns<AreaCountRow> keyColumns() {
        return Columns.of(AreaCountRow.class)
                .text("area_level", row -> row.key().level())
                .text("area_code", row -> row.key().areaCode())
                .text("window_size", row -> row.key().window())
                .timestamp("window_start", row -> row.key().windowStart());
    }

    private static ToLongFunction<AreaCountRow> figure(ToLongFunction<AreaCount> figure) {
        return row -> figure.applyAsLong(row.count());
    }

    AreaCountWriter() {
        super(SinkTable.AREA_COUNT, AreaCountRow.class, List.of(Topics.COUNTS_HOURLY, Topics.COUNTS_DAILY),
                () -> Reduction.lastPerKey(AreaCountRow::key));
    }

    @Override
    SinkRow map(ConsumerRecord<byte[], byte[]> record, SinkRecordMapper decoder) {
        AreaCountKey key = decoder.decode(AreaCountKey.class, record.topic(), record.key());
        if (key == null) {
            return SinkRecordMapper.deadLetter(record, PoisonReason.CONTRACT_VIOLATION, "count without a key");
        }
        AreaCount count = decoder.decode(AreaCount.class, record.topic(), record.value());
        AreaCountRow row = new AreaCountRow(AreaCountRow.Key.of(key), count, RecordSource.of(record));
        if (count != null) {
            try {
                row.localDate();
                row.localStart();
            } catch (DateTimeException e) {
                return SinkRecordMapper.deadLetter(record, PoisonReason.CONTRACT_VIOLATION,
                        "localDate/localStart not an ISO-8601 local date (time): " + e.getMessage());
            }
        }
        return row;
    }

    @Override
    void write(Connection connection, Collection<AreaCountRow> rows, WriteLimits limits) throws SQLException {
        upsertOrRemove(connection, rows, AreaCountRow::isDeletion, COLUMNS, UPSERT, KEY_COLUMNS, DELETE);
    }
}

package io.gatewatch.sinks.jdbc;

import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.sinks.poison.Poison;
import io.gatewatch.sinks.poison.PoisonReason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes one {@link Batch} and the offsets it advances in a single PostgreSQL transaction.
 *
 * <p>Every statement is idempotent on its own where the data allows it ({@code ON CONFLICT DO
 * NOTHING} for alerts, upserts for counts and registrations); the summaries add, and rely on the
 * fenced offsets ({@link OffsetStore}) committed in the same transaction: either the rows and the
 * new offsets are both committed, or neither is. Any failure rolls the transaction back and is
 * reported as a {@link BatchWriteException} naming the table being written.
 */
public final class BatchWriter {
    static final String INSERT_ALERT = "INSERT INTO alert (alert_id, alert_type, severity, severity_rank, rule, event_id, "
            + "source, device_id, checkpoint_id, village_code, person_token, temperature_celsius, raw_temperature, "
            + "raw_temperature_unit, raw_body_site, ambient_celsius, health_code, related_checkpoints, scanned_at, "
            + "detected_at, kafka_topic, kafka_partition, kafka_offset) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (alert_id) DO NOTHING";
    static final String UPSERT_AREA_COUNT = "INSERT INTO area_count (area_level, area_code, window_size, window_start, "
            + "window_end, time_zone, scans, distinct_persons, fevers, yellow_codes, red_codes, device_faults, visitors, "
            + "vehicles, gate_scans, phone_app_scans, staff_scans, clinic_scans, pharmacy_scans, is_final, updated_at, "
            + "local_date, local_start, kafka_topic, kafka_partition, kafka_offset) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (area_level, area_code, window_size, window_start) DO UPDATE SET "
            + "window_end = EXCLUDED.window_end, time_zone = EXCLUDED.time_zone, scans = EXCLUDED.scans, "
            + "distinct_persons = EXCLUDED.distinct_persons, fevers = EXCLUDED.fevers, yellow_codes = EXCLUDED.yellow_codes, "
            + "red_codes = EXCLUDED.red_codes, device_faults = EXCLUDED.device_faults, visitors = EXCLUDED.visitors, "
            + "vehicles = EXCLUDED.vehicles, gate_scans = EXCLUDED.gate_scans, phone_app_scans = EXCLUDED.phone_app_scans, "
            + "staff_scans = EXCLUDED.staff_scans, clinic_scans = EXCLUDED.clinic_scans, "
            + "pharmacy_scans = EXCLUDED.pharmacy_scans, is_final = EXCLUDED.is_final, updated_at = EXCLUDED.updated_at, "
            + "local_date = EXCLUDED.local_date, local_start = EXCLUDED.local_start, "
            + "kafka_topic = EXCLUDED.kafka_topic, kafka_partition = EXCLUDED.kafka_partition, "
            + "kafka_offset = EXCLUDED.kafka_offset";
    static final String DELETE_AREA_COUNT = "DELETE FROM area_count "
            + "WHERE area_level = ? AND area_code = ? AND window_size = ? AND window_start = ?";
    static final String UPSERT_REJECTED_SUMMARY = "INSERT INTO rejected_scan_summary (hour_start, reason, source_topic, "
            + "rejected, last_seen_at) VALUES (?, ?, ?, ?, ?) "
            + "ON CONFLICT (hour_start, reason, source_topic) DO UPDATE SET "
            + "rejected = rejected_scan_summary.rejected + EXCLUDED.rejected, "
            + "last_seen_at = GREATEST(rejected_scan_summary.last_seen_at, EXCLUDED.last_seen_at)";
    static final String INSERT_REJECTED_DETAIL = "INSERT INTO rejected_scan_detail (rejected_partition, rejected_offset, "
            + "record_time, reason, message, source_topic, source_partition, source_offset, key_size, value_size) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rejected_partition, rejected_offset) DO NOTHING";
    static final String PRUNE_REJECTED_DETAIL = "DELETE FROM rejected_scan_detail WHERE id <= "
            + "(SELECT id FROM rejected_scan_detail ORDER BY id DESC OFFSET ? LIMIT 1)";
    /** Keyed by the place the counts used (unique index late_scan_summary_key): order-independent. */
    static final String UPSERT_LATE_SUMMARY = "INSERT INTO late_scan_summary (hour_start, device_id, source, village_code, "
            + "checkpoint_id, late_scans, missed_hour, missed_day, first_scan_at, last_scan_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (hour_start, device_id, (coalesce(village_code, '')), (coalesce(checkpoint_id, ''))) "
            + "DO UPDATE SET source = EXCLUDED.source, "
            + "late_scans = late_scan_summary.late_scans + EXCLUDED.late_scans, "
            + "missed_hour = late_scan_summary.missed_hour + EXCLUDED.missed_hour, "
            + "missed_day = late_scan_summary.missed_day + EXCLUDED.missed_day, "
            + "first_scan_at = LEAST(late_scan_summary.first_scan_at, EXCLUDED.first_scan_at), "
            + "last_scan_at = GREATEST(late_scan_summary.last_scan_at, EXCLUDED.last_scan_at)";
    /** A registration marked retired sets {@code retired_at} to when it was written, like a tombstone. */
    static final String UPSERT_DEVICE = "INSERT INTO device_registration (device_id, checkpoint_id, village_code, kind, "
            + "body_site, unit, calibration_offset_celsius, registered_at, retired_at, kafka_offset, checkpoint_kind, "
            + "checkpoint_name) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET "
            + "checkpoint_id = EXCLUDED.checkpoint_id, village_code = EXCLUDED.village_code, kind = EXCLUDED.kind, "
            + "body_site = EXCLUDED.body_site, unit = EXCLUDED.unit, "
            + "calibration_offset_celsius = EXCLUDED.calibration_offset_celsius, registered_at = EXCLUDED.registered_at, "
            + "retired_at = EXCLUDED.retired_at, kafka_offset = EXCLUDED.kafka_offset, "
            + "checkpoint_kind = EXCLUDED.checkpoint_kind, checkpoint_name = EXCLUDED.checkpoint_name";
    static final String RETIRE_DEVICE = "INSERT INTO device_registration (device_id, retired_at, kafka_offset) "
            + "VALUES (?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET retired_at = EXCLUDED.retired_at, "
            + "kafka_offset = EXCLUDED.kafka_offset";
    static final String INSERT_DEAD_LETTER = "INSERT INTO sink_dead_letter (kafka_topic, kafka_partition, kafka_offset, "
            + "record_time, reason, error, key_size, value_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (kafka_topic, kafka_partition, kafka_offset) DO NOTHING";

    private final DataSource dataSource;
    private final String groupId;
    private final int rejectedDetailMaxRows;
    private final FaultHook faultHook;

    public BatchWriter(DataSource dataSource, String groupId, int rejectedDetailMaxRows, FaultHook faultHook) {
        this.dataSource = dataSource;
        this.groupId = groupId;
        this.rejectedDetailMaxRows = rejectedDetailMaxRows;
        this.faultHook = faultHook;
    }

    /**
     * Writes {@code batch} and moves each of its partitions from {@code expectedOffsets} (null or
     * absent: never committed) to the batch's next offsets, in one transaction.
     *
     * <p>When the database refuses the batch for a record's content ({@link DatabaseFailures}), the
     * transaction starts over and isolates the poison: the batch is split in halves, each written
     * under a savepoint, a refused half split again, down to single records, in arrival order (so
     * the effect equals writing the batch). Each record refused on its own becomes a dead letter,
     * written with the rest and the offsets in the same transaction. If every record of a batch of
     * two or more is refused on its own, the failure is the database's (say, a schema change), not
     * the records': nothing is set aside and the batch fails as a whole.
     *
     * @return the records set aside by the database (empty on the usual path)
     * @throws BatchWriteException on any other database error (rolled back; retrying is safe)
     * @throws OffsetFencedException when another instance owns a partition now (rolled back)
     */
    public List<DeadLetterRow> write(Batch batch, Map<TopicPartition, Long> expectedOffsets)
            throws BatchWriteException, OffsetFencedException {
        Progress progress = new Progress();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<DeadLetterRow> isolated = List.of();
                try {
                    writeRows(connection, batch, progress);
                } catch (SQLException e) {
                    if (DatabaseFailures.recordCaused(e) == null) {
                        throw e;
                    }
                    connection.rollback();
                    isolated = isolate(connection, batch.rows(), progress);
                }
                progress.table = SinkTable.SINK_DEAD_LETTER.tableName();
                writeDeadLetters(connection, batch.deadLetters());
                writeDeadLetters(connection, isolated);
                progress.table = SinkTable.SINK_OFFSETS.tableName();
                OffsetStore.advance(connection, groupId, expectedOffsets, batch.nextOffsets());
                faultHook.reached(FaultPoint.AFTER_DB_WRITE_BEFORE_DB_COMMIT, batch.nextOffsets());
                progress.table = BatchWriteException.COMMIT;
                connection.commit();
                return isolated;
            } catch (SQLException | OffsetFencedException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new BatchWriteException(progress.table, e);
        }
    }

    /** Writes the rows of every data table (not the dead letters, not the offsets). */
    private void writeRows(Connection connection, Batch batch, Progress progress) throws SQLException {
        try {
            progress.table = SinkTable.ALERT.tableName();
            writeAlerts(connection, batch.alerts());
            progress.table = SinkTable.AREA_COUNT.tableName();
            writeCounts(connection, batch.counts());
            progress.table = SinkTable.REJECTED_SCAN_SUMMARY.tableName();
            writeRejectedSummaries(connection, batch.rejectedSummaries());
            progress.table = SinkTable.REJECTED_SCAN_DETAIL.tableName();
            writeRejectedDetails(connection, batch.rejectedDetails());
            progress.table = SinkTable.LATE_SCAN_SUMMARY.tableName();
            writeLateSummaries(connection, batch.lateSummaries());
            progress.table = SinkTable.DEVICE_REGISTRATION.tableName();
            writeDevices(connection, batch.devices());
        } catch (RuntimeException e) {
            throw new DatabaseFailures.UnbindableRowException(e);
        }
    }

    /** The dead letters of the records in {@code rows} the database refuses on their own; the rest written. */
    private List<DeadLetterRow> isolate(Connection connection, List<SinkRow> rows, Progress progress) throws SQLException {
        List<SinkRow> data = rows.stream().filter(row -> !(row instanceof DeadLetterRow)).toList();
        List<DeadLetterRow> poison = new ArrayList<>();
        bisect(connection, data, poison, progress);
        if (data.size() > 1 && poison.size() == data.size()) {
            SQLException everyRecord = new SQLException("every one of the batch's " + data.size()
                    + " records was refused on its own, a fault of the database rather than of the records: "
                    + poison.get(0).error(), (String) null);
            everyRecord.initCause(progress.lastRefusal);
            throw everyRecord;
        }
        return poison;
    }

    private void bisect(Connection connection, List<SinkRow> rows, List<DeadLetterRow> poison, Progress progress)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            writeRows(connection, Batch.of(rows), progress);
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            PoisonReason reason = DatabaseFailures.recordCaused(e);
            if (reason == null) {
                throw e;
            }
            progress.lastRefusal = e;
            connection.rollback(savepoint);
            if (rows.size() == 1) {
                poison.add(DeadLetterRow.of(rows.get(0).source(), Poison.of(reason, DatabaseFailures.describe(e, progress.table))));
                return;
            }
            int half = rows.size() / 2;
            bisect(connection, rows.subList(0, half), poison, progress);
            bisect(connection, rows.subList(half, rows.size()), poison, progress);
        }
    }

    /** How far one write got: the table being written (the error's {@code table} tag), the last refusal seen. */
    private static final class Progress {
        private String table = BatchWriteException.CONNECTION;
        private SQLException lastRefusal;
    }

    /** Stored offsets of {@code partitions} for this writer's group (absent: never committed). */
    public Map<TopicPartition, Long> readOffsets(Collection<TopicPartition> partitions) throws BatchWriteException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return OffsetStore.read(connection, groupId, partitions);
        } catch (SQLException e) {
            throw new BatchWriteException(SinkTable.SINK_OFFSETS.tableName(), e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    private static void writeAlerts(Connection connection, Collection<AlertRow> alerts) throws SQLException {
        if (alerts.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_ALERT)) {
            for (AlertRow a : alerts) {
                int i = 0;
                insert.setString(++i, a.alertId());
                insert.setString(++i, a.type());
                insert.setString(++i, a.severity());
                insert.setShort(++i, (short) a.severityRank());
                insert.setString(++i, a.rule());
                insert.setString(++i, a.eventId());
                insert.setString(++i, a.scanSource());
                insert.setString(++i, a.deviceId());
                insert.setString(++i, a.checkpointId());
                insert.setString(++i, a.villageCode());
                insert.setString(++i, a.personToken());
                insert.setObject(++i, a.temperatureCelsius(), Types.DOUBLE);
                insert.setObject(++i, a.rawTemperature(), Types.DOUBLE);
                insert.setString(++i, a.rawTemperatureUnit());
                insert.setString(++i, a.rawBodySite());
                insert.setObject(++i, a.ambientCelsius(), Types.DOUBLE);
                insert.setString(++i, a.healthCode());
                insert.setArray(++i, connection.createArrayOf("text", a.relatedCheckpoints().toArray()));
                insert.setObject(++i, timestamp(a.scannedAt()));
                insert.setObject(++i, timestamp(a.detectedAt()));
                setSource(insert, i, a.source());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void writeCounts(Connection connection, Collection<AreaCountRow> counts) throws SQLException {
        if (counts.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_AREA_COUNT);
             PreparedStatement delete = connection.prepareStatement(DELETE_AREA_COUNT)) {
            boolean upserts = false;
            boolean deletes = false;
            for (AreaCountRow row : counts) {
                AreaCountRow.Key key = row.key();
                PreparedStatement statement = row.isDeletion() ? delete : upsert;
                int i = 0;
                statement.setString(++i, key.level());
                statement.setString(++i, key.areaCode());
                statement.setString(++i, key.window());
                statement.setObject(++i, timestamp(key.windowStart()));
                if (row.isDeletion()) {
                    deletes = true;
                } else {
                    upserts = true;
                    AreaCount c = row.count();
                    statement.setObject(++i, timestamp(c.getWindowEnd()));
                    statement.setString(++i, c.getTimeZone());
                    for (long figure : new long[] {c.getScans(), c.getDistinctPersons(), c.getFevers(), c.getYellowCodes(),
                            c.getRedCodes(), c.getDeviceFaults(), c.getVisitors(), c.getVehicles(), c.getGateScans(),
                            c.getPhoneAppScans(), c.getStaffScans(), c.getClinicScans(), c.getPharmacyScans()}) {
                        statement.setLong(++i, figure);
                    }
                    statement.setBoolean(++i, c.getIsFinal());
                    statement.setObject(++i, timestamp(c.getUpdatedAt()));
                    statement.setObject(++i, row.localDate(), Types.DATE);
                    statement.setObject(++i, row.localStart(), Types.TIMESTAMP);
                    setSource(statement, i, row.source());
                }
                statement.addBatch();
            }
            if (upserts) {
                upsert.executeBatch();
            }
            if (deletes) {
                delete.executeBatch();
            }
        }
    }

    private static void writeRejectedSummaries(Connection connection, Collection<RejectedSummary> summaries) throws SQLException {
        if (summaries.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_REJECTED_SUMMARY)) {
            for (RejectedSummary s : summaries) {
                upsert.setObject(1, timestamp(s.hourStart()));
                upsert.setString(2, s.reason());
                upsert.setString(3, s.sourceTopic());
                upsert.setLong(4, s.rejected());
                upsert.setObject(5, timestamp(s.lastSeenAt()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private void writeRejectedDetails(Connection connection, List<RejectedScanRow> details) throws SQLException {
        if (details.isEmpty() || rejectedDetailMaxRows == 0) {
            return;
        }
        // Only the newest rows can survive the pruning below; skip the rest up front.
        List<RejectedScanRow> kept = details.subList(Math.max(0, details.size() - rejectedDetailMaxRows), details.size());
        try (PreparedStatement insert = connection.prepareStatement(INSERT_REJECTED_DETAIL)) {
            for (RejectedScanRow r : kept) {
                int i = 0;
                insert.setInt(++i, r.source().partition());
                insert.setLong(++i, r.source().offset());
                insert.setObject(++i, timestamp(r.source().timestamp()));
                insert.setString(++i, r.reason());
                insert.setString(++i, r.message());
                insert.setString(++i, r.sourceTopic());
                insert.setObject(++i, r.sourcePartition(), Types.INTEGER);
                insert.setObject(++i, r.sourceOffset(), Types.BIGINT);
                insert.setInt(++i, r.keySize());
                insert.setInt(++i, r.valueSize());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement prune = connection.prepareStatement(PRUNE_REJECTED_DETAIL)) {
            prune.setInt(1, rejectedDetailMaxRows);
            prune.executeUpdate();
        }
    }

    private static void writeLateSummaries(Connection connection, Collection<LateScanSummary> summaries) throws SQLException {
        if (summaries.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_LATE_SUMMARY)) {
            for (LateScanSummary s : summaries) {
                upsert.setObject(1, timestamp(s.hourStart()));
                upsert.setString(2, s.deviceId());
                upsert.setString(3, s.scanSource());
                upsert.setString(4, s.villageCode());
                upsert.setString(5, s.checkpointId());
                upsert.setLong(6, s.lateScans());
                upsert.setLong(7, s.missedHour());
                upsert.setLong(8, s.missedDay());
                upsert.setObject(9, timestamp(s.firstScanAt()));
                upsert.setObject(10, timestamp(s.lastScanAt()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static void writeDevices(Connection connection, Collection<DeviceRow> devices) throws SQLException {
        if (devices.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT_DEVICE);
             PreparedStatement retire = connection.prepareStatement(RETIRE_DEVICE)) {
            boolean upserts = false;
            boolean retirements = false;
            for (DeviceRow device : devices) {
                if (device.isRetirement()) {
                    retire.setString(1, device.deviceId());
                    retire.setObject(2, timestamp(device.source().timestamp()));
                    retire.setLong(3, device.source().offset());
                    retire.addBatch();
                    retirements = true;
                } else {
                    DeviceRegistration r = device.registration();
                    upsert.setString(1, device.deviceId());
                    upsert.setString(2, r.getCheckpointId());
                    upsert.setString(3, r.getVillageCode());
                    upsert.setString(4, r.getKind().name());
                    upsert.setString(5, r.getBodySite().name());
                    upsert.setString(6, r.getUnit().name());
                    upsert.setDouble(7, r.getCalibrationOffsetCelsius());
                    upsert.setObject(8, timestamp(r.getUpdatedAt()));
                    upsert.setObject(9, r.getRetired() ? timestamp(r.getUpdatedAt()) : null);
                    upsert.setLong(10, device.source().offset());
                    upsert.setString(11, r.getCheckpointKind().name());
                    upsert.setString(12, r.getCheckpointName());
                    upsert.addBatch();
                    upserts = true;
                }
            }
            if (upserts) {
                upsert.executeBatch();
            }
            if (retirements) {
                retire.executeBatch();
            }
        }
    }

    private static void writeDeadLetters(Connection connection, List<DeadLetterRow> deadLetters) throws SQLException {
        if (deadLetters.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_DEAD_LETTER)) {
            for (DeadLetterRow d : deadLetters) {
                insert.setString(1, d.source().topic());
                insert.setInt(2, d.source().partition());
                insert.setLong(3, d.source().offset());
                insert.setObject(4, timestamp(d.source().timestamp()));
                insert.setString(5, d.reason().tag());
                insert.setString(6, d.error());
                insert.setInt(7, d.keySize());
                insert.setInt(8, d.valueSize());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Sets kafka_topic, kafka_partition, kafka_offset after parameter {@code last}. */
    private static void setSource(PreparedStatement statement, int last, RecordSource source) throws SQLException {
        statement.setString(last + 1, source.topic());
        statement.setInt(last + 2, source.partition());
        statement.setLong(last + 3, source.offset());
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

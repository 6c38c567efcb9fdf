package io.gatewatch.sinks.jdbc;

import io.gatewatch.schema.LateScanHeaders;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.poison.PoisonReason;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Table {@code late_scan_summary}: scans that reached the counts after their window closed, added
 * up per event hour, device and the place the counts used (unique index {@code late_scan_summary_key}).
 */
final class LateSummaryWriter extends TableWriter<LateScanRow, LateScanSummary> {
    private static final List<String> LATE_VILLAGE = List.of(LateScanHeaders.VILLAGE_CODE);
    private static final List<String> LATE_CHECKPOINT = List.of(LateScanHeaders.CHECKPOINT_ID);
    private static final List<String> LATE_WINDOW = List.of(LateScanHeaders.WINDOW);
    static final Columns<LateScanSummary> COLUMNS = Columns.of(LateScanSummary.class)
            .timestamp("hour_start", LateScanSummary::hourStart)
            .text("device_id", LateScanSummary::deviceId)
            .text("source", LateScanSummary::scanSource)
            .text("village_code", LateScanSummary::villageCode)
            .text("checkpoint_id", LateScanSummary::checkpointId)
            .bigint("late_scans", LateScanSummary::lateScans)
            .bigint("missed_hour", LateScanSummary::missedHour)
            .bigint("missed_day", LateScanSummary::missedDay)
            .timestamp("first_scan_at", LateScanSummary::firstScanAt)
            .timestamp("last_scan_at", LateScanSummary::lastScanAt);
    /** Keyed by the place the counts used: order-independent. */
    static final String UPSERT = COLUMNS.upsertOn("late_scan_summary",
            "hour_start, device_id, (coalesce(village_code, '')), (coalesce(checkpoint_id, ''))",
            List.of("hour_start", "device_id", "village_code", "checkpoint_id"),
            Map.of("late_scans", "late_scan_summary.late_scans + EXCLUDED.late_scans",
                    "missed_hour", "late_scan_summary.missed_hour + EXCLUDED.missed_hour",
                    "missed_day", "late_scan_summary.missed_day + EXCLUDED.missed_day",
                    "first_scan_at", "LEAST(late_scan_summary.first_scan_at, EXCLUDED.first_scan_at)",
                    "last_scan_at", "GREATEST(late_scan_summary.last_scan_at, EXCLUDED.last_scan_at)"));

    LateSummaryWriter() {
        super(SinkTable.LATE_SCAN_SUMMARY, LateScanRow.class, List.of(Topics.SCANS_LATE),
                () -> Reduction.summed(LateScanSummary::of, LateScanSummary::key, LateScanSummary::plus));
    }

    @Override
    SinkRow map(ConsumerRecord<byte[], byte[]> record, SinkRecordMapper decoder) {
        ScanEvent scan = decoder.decode(ScanEvent.class, record.topic(), record.value());
        if (scan == null) {
            return SinkRecordMapper.deadLetter(record, PoisonReason.CONTRACT_VIOLATION, "tombstone (null value) on the late-scan topic");
        }
        // Filed where the counts placed it (the registry's village), never the village the source reported.
        Headers headers = record.headers();
        return new LateScanRow(RecordSource.of(record), scan.getDeviceId(), scan.getSource().name(),
                SinkRecordMapper.header(headers, LATE_VILLAGE), SinkRecordMapper.header(headers, LATE_CHECKPOINT),
                SinkRecordMapper.header(headers, LATE_WINDOW), scan.getScannedAt());
    }

    @Override
    void write(Connection connection, Collection<LateScanSummary> rows, WriteLimits limits) throws SQLException {
        COLUMNS.executeBatch(connection, UPSERT, rows);
    }
}

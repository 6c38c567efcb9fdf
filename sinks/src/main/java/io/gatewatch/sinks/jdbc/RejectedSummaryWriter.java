package io.gatewatch.sinks.jdbc;

import io.gatewatch.schema.Topics;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Table {@code rejected_scan_summary}: refused scans counted per hour, reason and source topic.
 * Maps the rejected-scan topic for {@link RejectedDetailWriter} too. The counts add, so they rely
 * on the fenced offsets committed in the same transaction ({@link OffsetStore}).
 */
final class RejectedSummaryWriter extends TableWriter<RejectedScanRow, RejectedSummary> {
    static final Columns<RejectedSummary> COLUMNS = Columns.of(RejectedSummary.class)
            .timestamp("hour_start", RejectedSummary::hourStart)
            .text("reason", RejectedSummary::reason)
            .text("source_topic", RejectedSummary::sourceTopic)
            .bigint("rejected", RejectedSummary::rejected)
            .timestamp("last_seen_at", RejectedSummary::lastSeenAt);
    static final String UPSERT = COLUMNS.upsert("rejected_scan_summary", List.of("hour_start", "reason", "source_topic"),
            Map.of("rejected", "rejected_scan_summary.rejected + EXCLUDED.rejected",
                    "last_seen_at", "GREATEST(rejected_scan_summary.last_seen_at, EXCLUDED.last_seen_at)"));

    RejectedSummaryWriter() {
        super(SinkTable.REJECTED_SCAN_SUMMARY, RejectedScanRow.class, List.of(Topics.SCANS_REJECTED),
                () -> Reduction.summed(RejectedSummary::of, RejectedSummary::key, RejectedSummary::plus));
    }

    @Override
    SinkRow map(ConsumerRecord<byte[], byte[]> record, SinkRecordMapper decoder) {
        Headers headers = record.headers();
        String reason = SinkRecordMapper.header(headers, RejectHeaders.REASON_NAMES);
        String message = SinkRecordMapper.header(headers, RejectHeaders.MESSAGE_NAMES);
        Long partition = RejectHeaders.number(headers, RejectHeaders.SOURCE_PARTITION_NAMES);
        RecordSource source = RecordSource.of(record);
        return new RejectedScanRow(
                source,
                reason == null || reason.isBlank() ? RejectedScanRow.UNKNOWN_REASON : SinkRecordMapper.truncate(reason.strip(), 100),
                message == null ? null : SinkRecordMapper.truncate(message, RejectedScanRow.MAX_MESSAGE_LENGTH),
                SinkRecordMapper.header(headers, RejectHeaders.SOURCE_TOPIC_NAMES),
                partition == null || partition > Integer.MAX_VALUE || partition < Integer.MIN_VALUE ? null : partition.intValue(),
                RejectHeaders.number(headers, RejectHeaders.SOURCE_OFFSET_NAMES),
                source.keySize(),
                source.valueSize());
    }

    @Override
    void write(Connection connection, Collection<RejectedSummary> rows, WriteLimits limits) throws SQLException {
        COLUMNS.executeBatch(connection, UPSERT, rows);
    }
}

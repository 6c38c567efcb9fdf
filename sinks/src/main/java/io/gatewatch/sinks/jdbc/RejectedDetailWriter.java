package io.gatewatch.sinks.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * Table {@code rejected_scan_detail}: the newest refused scans, one row each, bounded to
 * {@link WriteLimits#rejectedDetailMaxRows()} rows (0: none kept). Rows are mapped by {@link RejectedSummaryWriter}.
 */
final class RejectedDetailWriter extends TableWriter<RejectedScanRow, RejectedScanRow> {
    static final Columns<RejectedScanRow> COLUMNS = Columns.of(RejectedScanRow.class)
            .integer("rejected_partition", row -> row.source().partition())
            .bigint("rejected_offset", row -> row.source().offset())
            .timestamp("record_time", row -> row.source().timestamp())
            .text("reason", RejectedScanRow::reason)
            .text("message", RejectedScanRow::message)
            .text("source_topic", RejectedScanRow::sourceTopic)
            .nullableInteger("source_partition", RejectedScanRow::sourcePartition)
            .nullableBigint("source_offset", RejectedScanRow::sourceOffset)
            .integer("key_size", RejectedScanRow::keySize)
            .integer("value_size", RejectedScanRow::valueSize);
    static final String INSERT = COLUMNS.insertOrIgnore("rejected_scan_detail", List.of("rejected_partition", "rejected_offset"));
    static final String PRUNE = "DELETE FROM rejected_scan_detail WHERE id <= "
            + "(SELECT id FROM rejected_scan_detail ORDER BY id DESC OFFSET ? LIMIT 1)";

    RejectedDetailWriter() {
        super(SinkTable.REJECTED_SCAN_DETAIL, RejectedScanRow.class, List.of(), Reduction::every);
    }

    @Override
    void write(Connection connection, Collection<RejectedScanRow> rows, WriteLimits limits) throws SQLException {
        int maxRows = limits.rejectedDetailMaxRows();
        if (maxRows == 0) {
            return;
        }
        // Only the newest rows can survive the pruning below; skip the rest up front.
        List<RejectedScanRow> all = List.copyOf(rows);
        COLUMNS.executeBatch(connection, INSERT, all.subList(Math.max(0, all.size() - maxRows), all.size()));
        try (PreparedStatement prune = connection.prepareStatement(PRUNE)) {
            prune.setInt(1, maxRows);
            prune.executeUpdate();
        }
    }
}

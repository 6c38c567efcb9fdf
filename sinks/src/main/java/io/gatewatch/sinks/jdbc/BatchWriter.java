package io.gatewatch.sinks.jdbc;

import io.gatewatch.sinks.poison.Poison;
import io.gatewatch.sinks.poison.PoisonReason;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
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
final class BatchWriter {
    private final DataSource dataSource;
    private final String groupId;
    private final TableWriter.WriteLimits limits;
    private final FaultHook faultHook;

    public BatchWriter(DataSource dataSource, String groupId, int rejectedDetailMaxRows, FaultHook faultHook) {
        this.dataSource = dataSource;
        this.groupId = groupId;
        this.limits = new TableWriter.WriteLimits(rejectedDetailMaxRows);
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
                batch.write(TableWriters.DEAD_LETTERS, connection, limits);
                TableWriters.DEAD_LETTERS.write(connection, isolated, limits);
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
            for (TableWriter<?, ?> writer : TableWriters.DATA) {
                progress.table = writer.table().tableName();
                batch.write(writer, connection, limits);
            }
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
}

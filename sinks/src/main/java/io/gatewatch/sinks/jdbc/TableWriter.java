package io.gatewatch.sinks.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Everything the sink knows about one table, in one place: the topics whose records it maps to
 * rows of type {@code R}, how a batch reduces those rows to statement rows of type {@code S}
 * ({@link Reduction}), and the statements that write them (built from one {@link Columns} list).
 * Every writer is registered in {@link TableWriters}; a row type without a writer fails the
 * registry's test, not a batch at run time.
 */
abstract class TableWriter<R extends SinkRow, S> {
    private final SinkTable table;
    private final Class<R> rowType;
    private final List<String> topics;
    private final Supplier<Reduction<R, S>> reductions;

    /**
     * @param rowType the rows this table stores (a row type may feed more than one table)
     * @param topics  topics whose records this writer maps; empty when another table's writer maps them
     * @param reductions a fresh {@link Reduction} for each batch
     */
    TableWriter(SinkTable table, Class<R> rowType, List<String> topics, Supplier<Reduction<R, S>> reductions) {
        this.table = table;
        this.rowType = rowType;
        this.topics = List.copyOf(topics);
        this.reductions = reductions;
    }

    final SinkTable table() {
        return table;
    }

    final Class<R> rowType() {
        return rowType;
    }

    final List<String> topics() {
        return topics;
    }

    /**
     * The row for {@code record} of one of {@link #topics()}; may throw {@link SinkRecordMapper}'s
     * poison (through its decode helpers) or return a dead letter for a contract breach.
     */
    SinkRow map(ConsumerRecord<byte[], byte[]> record, SinkRecordMapper decoder) {
        throw new IllegalStateException(table.tableName() + " maps no topic");
    }

    /** A fresh reduction for one batch. */
    final Reduction<R, S> reduction() {
        return reductions.get();
    }

    /** Writes the reduced rows of one batch (never empty) in the caller's transaction. */
    abstract void write(Connection connection, Collection<S> rows, WriteLimits limits) throws SQLException;

    /**
     * Writes the rows that carry a value with {@code upsert} (from {@code upsertColumns}) and the
     * tombstones with {@code remove} (a delete or a retirement, from {@code removeColumns}), in that order.
     */
    static <S> void upsertOrRemove(Connection connection, Collection<S> rows, Predicate<S> isTombstone,
                                   Columns<S> upsertColumns, String upsert, Columns<S> removeColumns, String remove)
            throws SQLException {
        upsertColumns.executeBatch(connection, upsert, rows.stream().filter(isTombstone.negate()).toList());
        removeColumns.executeBatch(connection, remove, rows.stream().filter(isTombstone).toList());
    }

    /** Bounds the writers honour: the sink's settings that shape what is written. */
    record WriteLimits(int rejectedDetailMaxRows) {}
}

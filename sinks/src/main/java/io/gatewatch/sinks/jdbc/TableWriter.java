package io.gatewatch.sinks.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Everything the sink knows about one table, in one place: the topics whose records it maps to
 * rows of type {@code R}, how a batch reduces those rows to statement rows of type {@code S}
 * ({@link Reduction}), and the statements that write them (built from one {@link Columns} list).
 * Every writer is registered in {@link TableWriters}; a row type without a writer fails the
 * registry's test, not a batch at run time.
 */
interface TableWriter<R extends SinkRow, S> {

    SinkTable table();

    /** The rows this table stores (a row type may feed more than one table). */
    Class<R> rowType();

    /** Topics whose records this writer maps; empty when another table's writer maps them. */
    default List<String> topics() {
        return List.of();
    }

    /**
     * The row for {@code record} of one of {@link #topics()}; may throw {@link SinkRecordMapper}'s
     * poison (through its decode helpers) or return a dead letter for a contract breach.
     */
    default SinkRow map(ConsumerRecord<byte[], byte[]> record, SinkRecordMapper decoder) {
        throw new IllegalStateException(table().tableName() + " maps no topic");
    }

    /** A fresh reduction for one batch. */
    Reduction<R, S> reduction();

    /** Writes the reduced rows of one batch (never empty) in the caller's transaction. */
    void write(Connection connection, Collection<S> rows, WriteLimits limits) throws SQLException;

    /** Bounds the writers honour: the sink's settings that shape what is written. */
    record WriteLimits(int rejectedDetailMaxRows) {}
}

package io.gatewatch.sinks.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * Table {@code sink_dead_letter}: records set aside as poison, by the mapper or by the database.
 * Written after the data tables, with the rows the database refused ({@link BatchWriter}).
 */
final class DeadLetterWriter extends TableWriter<DeadLetterRow, DeadLetterRow> {
    static final Columns<DeadLetterRow> COLUMNS = Columns.of(DeadLetterRow.class)
            .text("kafka_topic", row -> row.source().topic())
            .integer("kafka_partition", row -> row.source().partition())
            .bigint("kafka_offset", row -> row.source().offset())
            .timestamp("record_time", row -> row.source().timestamp())
            .text("reason", row -> row.reason().tag())
            .text("error", DeadLetterRow::error)
            .integer("key_size", DeadLetterRow::keySize)
            .integer("value_size", DeadLetterRow::valueSize);
    static final String INSERT = COLUMNS.insertOrIgnore("sink_dead_letter",
            List.of("kafka_topic", "kafka_partition", "kafka_offset"));

    DeadLetterWriter() {
        super(SinkTable.SINK_DEAD_LETTER, DeadLetterRow.class, List.of(), Reduction::every);
    }

    @Override
    void write(Connection connection, Collection<DeadLetterRow> rows, WriteLimits limits) throws SQLException {
        COLUMNS.executeBatch(connection, INSERT, rows);
    }
}

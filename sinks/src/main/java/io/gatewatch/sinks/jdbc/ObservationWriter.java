package io.gatewatch.sinks.jdbc;

import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.poison.PoisonReason;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Table {@code observation}: the health authority's watchlist read as a table (last entry per person
 * token wins; a tombstone deletes the person's row). {@code updated_at} is the record's time.
 * Health data of the most sensitive kind: kept until {@code sink.retention.observation.days} after
 * the observation ends, erased by {@code gatewatch erase}.
 */
final class ObservationWriter extends TableWriter<ObservationRow, ObservationRow> {
    private static final List<String> KEY = List.of("person_token");
    static final Columns<ObservationRow> KEY_COLUMNS = Columns.of(ObservationRow.class)
            .text("person_token", ObservationRow::personToken);
    static final Columns<ObservationRow> COLUMNS = Columns.of(ObservationRow.class)
            .text("person_token", ObservationRow::personToken)
            .text("kind", row -> row.entry().getKind().name())
            .text("village_code", row -> row.entry().getVillageCode())
            .date("from_date", row -> row.entry().getFromDate())
            .date("to_date", row -> row.entry().getToDate())
            .date("released_on", row -> row.entry().getReleasedOn())
            .timestamp("updated_at", row -> row.source().timestamp());
    static final String UPSERT = COLUMNS.upsert("observation", KEY);
    static final String DELETE = KEY_COLUMNS.deleteWhereEqual("observation");

    ObservationWriter() {
        super(SinkTable.OBSERVATION, ObservationRow.class, List.of(Topics.OBSERVATION),
                () -> Reduction.lastPerKey(ObservationRow::personToken));
    }

    @Override
    SinkRow map(ConsumerRecord<byte[], byte[]> record, SinkRecordMapper decoder) {
        String token = decoder.decode(String.class, record.topic(), record.key());
        if (token == null) {
            return SinkRecordMapper.deadLetter(record, PoisonReason.CONTRACT_VIOLATION, "observation entry without a key");
        }
        ObservationEntry entry = decoder.decode(ObservationEntry.class, record.topic(), record.value());
        if (entry != null && !token.equals(entry.getPersonToken())) {
            return SinkRecordMapper.deadLetter(record, PoisonReason.CONTRACT_VIOLATION,
                    "observation entry whose personToken is not its key");
        }
        return new ObservationRow(token, entry, RecordSource.of(record));
    }

    @Override
    void write(Connection connection, Collection<ObservationRow> rows, WriteLimits limits) throws SQLException {
        upsertOrRemove(connection, rows, ObservationRow::isErasure, COLUMNS, UPSERT, KEY_COLUMNS, DELETE);
    }
}

package io.gatewatch.sinks.jdbc;

import io.gatewatch.schema.ObservationEntry;

/**
 * A row of {@code observation}: a person's watchlist entry as last seen ({@code gatewatch.observation}
 * read as a table), or its erasure when the record was a tombstone.
 */
record ObservationRow(String personToken, ObservationEntry entry, RecordSource source) implements SinkRow {

    public boolean isErasure() {
        return entry == null;
    }
}

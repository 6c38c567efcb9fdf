package io.gatewatch.sinks.jdbc;

import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.AreaCountKey;
import java.time.Instant;

/**
 * A row of table {@code area_count}: the latest figure for one {@link AreaCountKey}, or its
 * deletion when the record was a tombstone (the table mirrors the topic read as a table).
 */
public record AreaCountRow(Key key, AreaCount count, RecordSource source) implements SinkRow {

    /** The primary key: exactly the fields of {@link AreaCountKey}. */
    public record Key(String level, String areaCode, String window, Instant windowStart) {
        public static Key of(AreaCountKey key) {
            return new Key(key.getLevel().name(), key.getAreaCode(), key.getWindow().name(), key.getWindowStart());
        }
    }

    public boolean isDeletion() {
        return count == null;
    }
}

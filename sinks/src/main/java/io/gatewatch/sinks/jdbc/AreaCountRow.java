package io.gatewatch.sinks.jdbc;

import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.AreaCountKey;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * A row of table {@code area_count}: the latest figure for one {@link AreaCountKey}, or its
 * deletion when the record was a tombstone (the table mirrors the topic read as a table).
 * {@link #localDate()} and {@link #localStart()} throw {@link DateTimeException} for text that is not
 * an ISO-8601 local date (date-time) in the years 1 to 9999: the mapper sets such a record aside.
 */
record AreaCountRow(Key key, AreaCount count, RecordSource source) implements SinkRow {

    /** The primary key: exactly the fields of {@link AreaCountKey}. */
    public record Key(String level, String areaCode, String window, Instant windowStart) {
        public static Key of(AreaCountKey key) {
            return new Key(key.getLevel().name(), key.getAreaCode(), key.getWindow().name(), key.getWindowStart());
        }
    }

    public boolean isDeletion() {
        return count == null;
    }

    /** The local date the window starts on; null when the figure predates it. */
    public LocalDate localDate() {
        return count.getLocalDate() == null ? null : inStorableYears(LocalDate.parse(count.getLocalDate()));
    }

    /** The window's local start, without offset; null when the figure predates it. */
    public LocalDateTime localStart() {
        return count.getLocalStart() == null ? null
                : inStorableYears(LocalDateTime.parse(count.getLocalStart()));
    }

    /** Years 1 to 9999 only, as for every other time the sink stores. */
    private static <T extends TemporalAccessor> T inStorableYears(T date) {
        int year = date.get(ChronoField.YEAR);
        if (year < 1 || year > 9999) {
            throw new DateTimeException("year " + year + " outside the years 1 to 9999");
        }
        return date;
    }
}

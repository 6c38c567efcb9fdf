package io.gatewatch.sinks.poison;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Whether a decoded record can be stored (or printed, or sent) exactly as it is. The sinks store
 * what they read and never alter it, so a record holding a value PostgreSQL would refuse or the
 * JDBC driver would change is poison as a whole:
 * <ul>
 *   <li><b>text</b> with a NUL (U+0000: PostgreSQL text cannot hold it) or an unpaired surrogate
 *       (encoding it to UTF-8 silently turns it into {@code ?}) is {@link PoisonReason#INVALID_TEXT};</li>
 *   <li><b>a time</b> outside the years 1 to 9999 is {@link PoisonReason#OUT_OF_RANGE}: no GateWatch
 *       time is anywhere near, and the driver's handling of BC and five-digit years is not worth
 *       trusting with data.</li>
 * </ul>
 * Every field counts, nested records, arrays and maps included, stored or not: a record is stored
 * whole or set aside whole. Other control characters are left to the entry channels' text policy
 * ({@code io.gatewatch.schema.TextPolicy}): PostgreSQL stores them faithfully. Pure and
 * allocation-free on the accepting path.
 */
public final class StorableValues {
    /** The earliest time stored: 0001-01-01T00:00:00Z. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    /** The latest time stored: 9999-12-31T23:59:59.999Z. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private StorableValues() {}

    /** Why {@code datum} (an Avro record, string, time or collection of them) cannot be stored as it is, or empty. */
    public static Optional<Poison> violation(Object datum) {
        return Optional.ofNullable(check(datum, null));
    }

    /** Why the text {@code value} of {@code field} cannot be stored as it is, or empty; null is fine. */
    public static Optional<Poison> textViolation(String field, String value) {
        return Optional.ofNullable(value == null ? null : text(field, value));
    }

    private static Poison check(Object value, String path) {
        if (value == null) {
            return null;
        }
        if (value instanceof CharSequence text) {
            return text(path, text);
        }
        if (value instanceof Instant time) {
            return time(path, time);
        }
        if (value instanceof LocalDate date) {
            return date.getYear() < 1 || date.getYear() > 9999
                    ? Poison.of(PoisonReason.OUT_OF_RANGE, (path == null ? "" : path + ": ") + "date outside the years 1 to 9999 (" + date + ")")
                    : null;
        }
        if (value instanceof IndexedRecord record) {
            for (Schema.Field field : record.getSchema().getFields()) {
                Poison poison = check(record.get(field.pos()), path == null ? field.name() : path + "." + field.name());
                if (poison != null) {
                    return poison;
                }
            }
            return null;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                Poison poison = check(item, path + "[" + i++ + "]");
                if (poison != null) {
                    return poison;
                }
            }
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Poison poison = check(entry.getKey(), path + " key");
                if (poison == null) {
                    poison = check(entry.getValue(), path + "[" + entry.getKey() + "]");
                }
                if (poison != null) {
                    return poison;
                }
            }
        }
        return null;
    }

    private static Poison text(String path, CharSequence text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0xD800) {
                continue;
            }
            if (c == 0) {
                return refused(path, "must not contain NUL (U+0000 at position " + i + ")");
            }
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return refused(path, "must not contain an unpaired surrogate (at position " + i + ")");
            }
        }
        return null;
    }

    private static Poison refused(String path, String problem) {
        return Poison.of(PoisonReason.INVALID_TEXT, (path == null ? "" : path + ": ") + problem);
    }

    private static Poison time(String path, Instant time) {
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            return Poison.of(PoisonReason.OUT_OF_RANGE, (path == null ? "" : path + ": ")
                    + "time outside the years 1 to 9999 (epoch millis " + safeMillis(time) + ")");
        }
        return null;
    }

    private static String safeMillis(Instant time) {
        try {
            return String.valueOf(time.toEpochMilli());
        } catch (ArithmeticException e) {
            return time.getEpochSecond() + " s";
        }
    }
}

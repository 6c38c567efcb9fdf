package io.gatewatch.streams.counts;

import io.gatewatch.schema.WindowSize;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Assigns an instant to its hour and its local day in a time zone, with {@code java.time} so that
 * daylight-saving changes and non-whole-hour offsets come out right. Kafka's own time windows are
 * aligned to the UTC epoch, which would make a "day" run 08:00 to 08:00 in China.
 *
 * <ul>
 *   <li>DAY: local midnight to the next local midnight (23 or 25 h across a DST change; where a
 *       zone skips midnight the day starts at the first valid local time, per
 *       {@link LocalDate#atStartOfDay(ZoneId)}).
 *   <li>HOUR: a local clock hour, always exactly one hour long. For zones with whole-hour offsets
 *       (Asia/Shanghai) these are the UTC hours; in a repeated autumn hour the two passes are two
 *       distinct windows.
 * </ul>
 *
 * <p>Remembers the last window it returned per size and returns it again for an instant inside it
 * (scans arrive in roughly time order, so most lookups need no {@code java.time} arithmetic): an
 * instance is for one thread, as each counts task owns its own.
 */
final class LocalWindows {
    private static final long HOUR_MS = 3_600_000L;
    private final ZoneId zone;
    private CountWindow lastHour;
    private CountWindow lastDay;

    LocalWindows(ZoneId zone) {
        this.zone = zone;
    }

    ZoneId zone() {
        return zone;
    }

    CountWindow windowOf(WindowSize size, long epochMillis) {
        return switch (size) {
            case HOUR -> {
                if (lastHour == null || !lastHour.contains(epochMillis)) {
                    lastHour = hourOf(epochMillis);
                }
                yield lastHour;
            }
            case DAY -> {
                if (lastDay == null || !lastDay.contains(epochMillis)) {
                    lastDay = dayOf(epochMillis);
                }
                yield lastDay;
            }
        };
    }

    CountWindow hourOf(long epochMillis) {
        ZonedDateTime local = Instant.ofEpochMilli(epochMillis).atZone(zone);
        long start = local.truncatedTo(ChronoUnit.HOURS).toInstant().toEpochMilli();
        // truncation keeps the offset, so in the repeated autumn hour the start stays in the same pass
        return new CountWindow(WindowSize.HOUR, start, start + HOUR_MS);
    }

    CountWindow dayOf(long epochMillis) {
        LocalDate date = Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
        long start = date.atStartOfDay(zone).toInstant().toEpochMilli();
        long end = date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        return new CountWindow(WindowSize.DAY, start, end);
    }
}

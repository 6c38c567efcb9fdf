package io.gatewatch.schema;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * When a watchlist entry holds a person under observation, in the deployment's time zone: from
 * local midnight of {@code fromDate} (inclusive) to local midnight after the last day (exclusive).
 * The last day is {@code toDate}, or the day before {@code releasedOn} when the person was released
 * earlier (the release day itself is free). A released entry whose release day is on or before its
 * first day covers no time at all. Local midnights follow the zone's rules (a day may be 23 or 25
 * hours long). The breach and check-in rules ask only this class; pure and thread-safe.
 */
public record ObservationPeriod(ObservationKind kind, Instant start, Instant end) {
    public ObservationPeriod {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    /** The period of {@code entry} in {@code zone}. */
    public static ObservationPeriod of(ObservationEntry entry, ZoneId zone) {
        LocalDate firstFreeDay = firstFreeDay(entry);
        Instant start = entry.getFromDate().atStartOfDay(zone).toInstant();
        Instant end = firstFreeDay.atStartOfDay(zone).toInstant();
        return new ObservationPeriod(entry.getKind(), start, end.isBefore(start) ? start : end);
    }

    /** The first local day {@code entry} no longer holds its person: the release day, or the day after the last ordered one. */
    public static LocalDate firstFreeDay(ObservationEntry entry) {
        LocalDate afterLast = entry.getToDate().plusDays(1);
        LocalDate released = entry.getReleasedOn();
        return released != null && released.isBefore(afterLast) ? released : afterLast;
    }

    /** Whether the person is under observation of any kind at {@code time}. */
    public boolean covers(Instant time) {
        return !time.isBefore(start) && time.isBefore(end);
    }

    /**
     * Whether a gate scan at {@code time} breaches this observation: only HOME observation forbids
     * passing a gate (a person under CENTRAL observation is in a facility; their gate scans are
     * the facility's business, not a breach of home observation).
     */
    public boolean isBreachedBy(Instant time) {
        return kind == ObservationKind.HOME && covers(time);
    }
}

package io.gatewatch.schema;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When people under home observation must report their temperature: one or more local deadlines a
 * day (e.g. 10:00 and 18:00), in the deployment's time zone. Screening's missed-check-in rule and
 * the simulator's ground truth both ask only this class, so they cannot disagree.
 *
 * <p><b>Slots.</b> Each deadline closes one slot of its local day. The first slot opens at local
 * midnight, every later one at the previous deadline: with {@code 10:00,18:00} the slots of a day
 * are [00:00, 10:00) and [10:00, 18:00). A report (a PHONE_APP or STAFF_ENTRY scan of the person)
 * fills the slot its event time falls in; a report after the day's last deadline fills none (it
 * is late for the evening and too early to count for tomorrow morning).
 *
 * <p><b>Which slots are owed.</b> A person owes a slot when they are under HOME observation for the
 * whole slot (the period covers its opening and its deadline is not after the period's end) and
 * the watchlist entry was known before the deadline: a slot that closed before anyone told the
 * person to report is not a missed check-in. Local times follow the zone's rules: a deadline in a
 * daylight-saving gap moves forward like {@link java.time.ZonedDateTime} does.
 *
 * @param deadlines the day's deadlines, strictly increasing, at least one
 * @param zone the deployment's time zone
 */
public record CheckinSchedule(List<LocalTime> deadlines, ZoneId zone) {
    public CheckinSchedule {
        Objects.requireNonNull(zone, "zone");
        deadlines = List.copyOf(deadlines);
        if (deadlines.isEmpty()) {
            throw new IllegalArgumentException("a check-in schedule needs at least one deadline");
        }
        for (int i = 0; i < deadlines.size(); i++) {
            LocalTime deadline = deadlines.get(i);
            if (deadline.equals(LocalTime.MIDNIGHT)) {
                throw new IllegalArgumentException("a deadline at 00:00 would close an empty slot");
            }
            if (i > 0 && !deadline.isAfter(deadlines.get(i - 1))) {
                throw new IllegalArgumentException("deadlines must be strictly increasing, got " + deadlines);
            }
        }
    }

    /** One slot: the {@code index}-th (from 0) of local day {@code day}, open from {@code opens} until {@code due} (exclusive). */
    public record Slot(LocalDate day, int index, Instant opens, Instant due) {
        /** Stable text for ids and logs, e.g. {@code 2026-12-06#1}. */
        public String id() {
            return day + "#" + index;
        }
    }

    /**
     * The schedule from a setting's text: deadlines as {@code HH:mm}, comma-separated, e.g.
     * {@code "10:00,18:00"}.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static CheckinSchedule parse(String text, ZoneId zone) {
        Objects.requireNonNull(text, "text");
        List<LocalTime> deadlines = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String trimmed = part.trim();
            try {
                deadlines.add(LocalTime.parse(trimmed));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + trimmed + "' is not a local time like 10:00", e);
            }
        }
        return new CheckinSchedule(deadlines, zone);
    }

    /** The {@code index}-th slot of local day {@code day}. */
    public Slot slot(LocalDate day, int index) {
        Instant opens = index == 0 ? day.atStartOfDay(zone).toInstant() : at(day, deadlines.get(index - 1));
        return new Slot(day, index, opens, at(day, deadlines.get(index)));
    }

    /** The slot a report at {@code time} fills, or empty after the day's last deadline. */
    public Optional<Slot> slotOf(Instant time) {
        LocalDate day = LocalDate.ofInstant(time, zone);
        for (int i = 0; i < deadlines.size(); i++) {
            Slot slot = slot(day, i);
            if (!time.isBefore(slot.opens()) && time.isBefore(slot.due())) {
                return Optional.of(slot);
            }
        }
        return Optional.empty();
    }

    /**
     * The slots {@code period}'s person owes whose deadline falls in ({@code after}, {@code upTo}],
     * oldest first, given that the watchlist entry became known at {@code knownSince}. Empty for
     * CENTRAL observation (the facility takes temperatures).
     */
    public List<Slot> owed(ObservationPeriod period, Instant knownSince, Instant after, Instant upTo) {
        List<Slot> owed = new ArrayList<>();
        if (period.kind() != ObservationKind.HOME || !upTo.isAfter(after)) {
            return owed;
        }
        // only the period's days can owe anything: the walk is bounded by the period, not by 'after'
        Instant from = after.isAfter(period.start()) ? after : period.start();
        Instant to = upTo.isBefore(period.end()) ? upTo : period.end();
        LocalDate last = LocalDate.ofInstant(to, zone);
        for (LocalDate day = LocalDate.ofInstant(from, zone); !day.isAfter(last); day = day.plusDays(1)) {
            for (int i = 0; i < deadlines.size(); i++) {
                Slot slot = slot(day, i);
                boolean inRange = slot.due().isAfter(after) && !slot.due().isAfter(upTo);
                boolean underObservation = !slot.opens().isBefore(period.start()) && !slot.due().isAfter(period.end());
                if (inRange && underObservation && knownSince.isBefore(slot.due())) {
                    owed.add(slot);
                }
            }
        }
        return owed;
    }

    private Instant at(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(zone).toInstant();
    }
}

package io.gatewatch.producers.sim;

import io.gatewatch.schema.AreaLevel;
import io.gatewatch.schema.CheckinSchedule;
import io.gatewatch.schema.CheckinSchedule.Slot;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ObservationKind;
import io.gatewatch.schema.ObservationPeriod;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TemperatureRule;
import io.gatewatch.schema.TemperatureStatus;
import io.gatewatch.schema.WindowSize;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the simulator sent, and what a correct pipeline must make of it: an immutable snapshot of
 * every record emitted so far (see {@link ScanGenerator#groundTruth()}).
 *
 * <p>Records: totals by source with and without duplicates, malformed records, late uploads.
 * Expectations, over unique events (duplicates removed by event id) and classified with the same
 * {@link TemperatureRule} as screening (°F→°C, plus the device's calibration offset for gate devices):
 * temperature status counts, health-code counts, device faults by kind, and the figures of every
 * window a counts topology emits — per checkpoint, village, township (first 9 digits) and county
 * (first 6 digits), per hour and per local day in the scenario's time zone, keyed by event time.
 * Optionally (sim.truth.per.event) the expected classification of every event.
 *
 * <p>Observation ({@link SimWatchlist}), by the rules screening asks: a <b>breach</b> is a unique
 * GATE_DEVICE scan of a person whose HOME period covers its time ({@link ObservationPeriod#isBreachedBy});
 * a <b>missed check-in</b> is a slot a person under HOME observation owes ({@link CheckinSchedule#owed},
 * known since the watchlist's timestamp) whose deadline lies after that timestamp and in the simulated
 * span so far ({@link #checkinsSettledUntil()}), and that no unique PHONE_APP or STAFF_ENTRY scan of theirs
 * fills ({@link CheckinSchedule#slotOf}). Check-ins are scans too: every other figure counts them.
 *
 * <p>A scan counts as a device fault when its reading is implausible (outside the plausible
 * range, or NaN) or its code was unreadable; screening's device-level rule (a device whose recent
 * readings are implausible at a high rate) is not modelled here.
 */
public final class GroundTruth {

    /** A count window: the key of one row of the hourly or daily counts. */
    public record WindowKey(AreaLevel level, String areaCode, WindowSize window, Instant start) {}

    /** The figures of one window, field for field those of {@code AreaCount}. */
    public record Figures(long scans, long distinctPersons, long fevers, long yellowCodes, long redCodes, long deviceFaults,
                          long visitors, long vehicles, long gateScans, long phoneAppScans, long staffScans,
                          long clinicScans, long pharmacyScans) {}

    /** Why a scan is a device fault. */
    public enum Fault {
        /** Reading below the plausible minimum (a cold IR thermometer). */
        IMPLAUSIBLE_LOW,
        /** Reading above the plausible maximum. */
        IMPLAUSIBLE_HIGH,
        /** The sensor reported NaN. */
        NOT_A_NUMBER,
        /** The health code could not be read. */
        UNREADABLE_CODE
    }

    /** A check-in slot a person under HOME observation owed and did not report in. */
    public record MissedCheckin(String personToken, String villageCode, Instant deadline) {}

    /** What the ground truth needs to know of the simulated watchlist. */
    record Watchlist(SimWatchlist entries, CheckinSchedule schedule) {}

    /** The expected screening result of one event. */
    public record ExpectedScan(String eventId, ScanSource source, String deviceId, String checkpointId, String villageCode,
                               Instant scannedAt, Instant firstSentAt, String personToken, PersonKind personKind,
                               Direction direction, Double temperatureCelsius, TemperatureStatus temperatureStatus,
                               HealthCodeColour healthCode, boolean deviceFault, boolean vehicle) {

        public boolean nonGreen() {
            return healthCode == HealthCodeColour.YELLOW || healthCode == HealthCodeColour.RED;
        }
    }

    private final long records;
    private final Map<ScanSource, Long> recordsBySource;
    private final Map<ScanSource, Long> uniqueBySource;
    private final long duplicates;
    private final long malformed;
    private final long lateUploads;
    private final Duration maxUploadDelay;
    private final Map<TemperatureStatus, Long> temperatureStatuses;
    private final Map<HealthCodeColour, Long> healthCodes;
    private final Map<Fault, Long> faults;
    private final long deviceFaultScans;
    private final long distinctPersons;
    private final Map<WindowKey, Figures> windows;
    private final Map<String, ExpectedScan> events;
    private final long breaches;
    private final List<MissedCheckin> missedCheckins;
    private final Instant checkinsSettledUntil;
    private final Map<ObservationKind, Long> watchlisted;

    private GroundTruth(Recorder r, Instant settledUntil) {
        this.records = r.records;
        this.recordsBySource = Collections.unmodifiableMap(new EnumMap<>(r.recordsBySource));
        this.uniqueBySource = Collections.unmodifiableMap(new EnumMap<>(r.uniqueBySource));
        this.duplicates = r.duplicates;
        this.malformed = r.malformed;
        this.lateUploads = r.lateUploads;
        this.maxUploadDelay = Duration.ofMillis(r.maxUploadDelayMs);
        this.temperatureStatuses = Collections.unmodifiableMap(new EnumMap<>(r.temperatureStatuses));
        this.healthCodes = Collections.unmodifiableMap(new EnumMap<>(r.healthCodes));
        this.faults = Collections.unmodifiableMap(new EnumMap<>(r.faults));
        this.deviceFaultScans = r.deviceFaultScans;
        this.distinctPersons = r.persons.size();
        Map<WindowKey, Figures> figures = new HashMap<>();
        r.windows.forEach((key, acc) -> figures.put(key, acc.figures()));
        this.windows = Collections.unmodifiableMap(figures);
        this.events = Collections.unmodifiableMap(new LinkedHashMap<>(r.events));
        this.breaches = r.breaches;
        this.missedCheckins = r.missedCheckins(settledUntil);
        this.checkinsSettledUntil = settledUntil;
        Map<ObservationKind, Long> kinds = new EnumMap<>(ObservationKind.class);
        r.watchlist.entries().observations().forEach(o -> kinds.merge(o.period().kind(), 1L, Long::sum));
        this.watchlisted = Collections.unmodifiableMap(kinds);
    }

    /** Records sent to the scans topic: scans (with duplicates) plus malformed records. */
    public long records() {
        return records;
    }

    /** Scan records sent per source, duplicates included (what a consumer of the topic sees). */
    public Map<ScanSource, Long> recordsBySource() {
        return recordsBySource;
    }

    /** Unique events per source (duplicates removed). */
    public Map<ScanSource, Long> uniqueBySource() {
        return uniqueBySource;
    }

    /** Unique events (distinct event ids). */
    public long uniqueEvents() {
        return uniqueBySource.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Resends of an event already sent (same id, same content): what de-duplication must drop. */
    public long duplicates() {
        return duplicates;
    }

    /** Records that are not a valid ScanEvent: what screening must route to the rejected topic. */
    public long malformed() {
        return malformed;
    }

    /** Unique events sent after their event time because their gate was offline. */
    public long lateUploads() {
        return lateUploads;
    }

    /** The longest gap between a scan's event time and its (first) sending. */
    public Duration maxUploadDelay() {
        return maxUploadDelay;
    }

    /** Unique events per temperature outcome (NO_READING for scans without a reading). */
    public long temperatureStatus(TemperatureStatus status) {
        return temperatureStatuses.getOrDefault(status, 0L);
    }

    /** Unique events with a plausible reading at or above the fever threshold. */
    public long fevers() {
        return temperatureStatus(TemperatureStatus.FEVER);
    }

    /** Unique events with the given health code. */
    public long healthCodes(HealthCodeColour colour) {
        return healthCodes.getOrDefault(colour, 0L);
    }

    /** Unique events with a YELLOW or RED code. */
    public long nonGreen() {
        return healthCodes(HealthCodeColour.YELLOW) + healthCodes(HealthCodeColour.RED);
    }

    /** Unique events with a fault of the given kind (a scan may have two: a cold reading and an unreadable code). */
    public long faults(Fault fault) {
        return faults.getOrDefault(fault, 0L);
    }

    /** Unique events that are device faults (an implausible reading or an unreadable code, or both). */
    public long deviceFaultScans() {
        return deviceFaultScans;
    }

    /** Distinct person tokens over the whole run. */
    public long distinctPersons() {
        return distinctPersons;
    }

    /** The expected figures of every window, keyed by level, area, window size and start. */
    public Map<WindowKey, Figures> windows() {
        return windows;
    }

    /** The windows of one level and size, ordered by area then start. */
    public Map<WindowKey, Figures> windows(AreaLevel level, WindowSize window) {
        return windows.entrySet().stream()
                .filter(e -> e.getKey().level() == level && e.getKey().window() == window)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                        () -> new TreeMap<>(java.util.Comparator.comparing(WindowKey::areaCode).thenComparing(WindowKey::start))));
    }

    /** Every event's expected classification by event id, in first-sent order; empty unless sim.truth.per.event. */
    public Map<String, ExpectedScan> events() {
        return events;
    }

    /** People on the simulated watchlist, by kind of observation. */
    public long watchlisted(ObservationKind kind) {
        return watchlisted.getOrDefault(kind, 0L);
    }

    /** Unique gate scans of a person under HOME observation during their period: what raises OBSERVATION_BREACH. */
    public long observationBreaches() {
        return breaches;
    }

    /**
     * The simulated moment up to which check-ins are settled: every report made before it has been
     * sent, so every owed slot whose deadline is not after it either was reported or was missed.
     * The end of the run once the generator has returned its last record.
     */
    public Instant checkinsSettledUntil() {
        return checkinsSettledUntil;
    }

    /** Owed slots with a deadline in the span so far ({@link #checkinsSettledUntil()}) and no report, by deadline. */
    public List<MissedCheckin> missedCheckins() {
        return missedCheckins;
    }

    /** Missed check-ins whose deadline is at or before {@code cutoff}: the ones screening has decided by then. */
    public long missedCheckinsDueBy(Instant cutoff) {
        return missedCheckins.stream().filter(m -> !m.deadline().isAfter(cutoff)).count();
    }

    @Override
    public String toString() {
        return "GroundTruth{records=" + records + ", unique=" + uniqueEvents() + ", duplicates=" + duplicates
                + ", malformed=" + malformed + ", fevers=" + fevers() + ", yellow=" + healthCodes(HealthCodeColour.YELLOW)
                + ", red=" + healthCodes(HealthCodeColour.RED) + ", deviceFaults=" + deviceFaultScans + ", faults=" + faults
                + ", lateUploads=" + lateUploads + ", maxUploadDelay=" + maxUploadDelay + ", bySource=" + uniqueBySource
                + ", watchlist=" + watchlisted + ", breaches=" + breaches + ", missedCheckins=" + missedCheckins.size()
                + " (deadlines to " + checkinsSettledUntil + ")}";
    }

    /** Accumulates the truth as records are emitted; not thread-safe (the generator's thread only). */
    static final class Recorder {
        private final ZoneId zone;
        private final boolean keepEvents;
        private long records;
        private final Map<ScanSource, Long> recordsBySource = new EnumMap<>(ScanSource.class);
        private final Map<ScanSource, Long> uniqueBySource = new EnumMap<>(ScanSource.class);
        private long duplicates;
        private long malformed;
        private long lateUploads;
        private long maxUploadDelayMs;
        private final Map<TemperatureStatus, Long> temperatureStatuses = new EnumMap<>(TemperatureStatus.class);
        private final Map<HealthCodeColour, Long> healthCodes = new EnumMap<>(HealthCodeColour.class);
        private final Map<Fault, Long> faults = new EnumMap<>(Fault.class);
        private long deviceFaultScans;
        private final IntSet persons = new IntSet();
        private final Map<WindowKey, Accumulator> windows = new HashMap<>();
        private final Map<String, ExpectedScan> events = new LinkedHashMap<>();
        private final TemperatureRule temperatureRule;
        private final Watchlist watchlist;
        private final Map<String, SimWatchlist.Observation> observed = new HashMap<>();
        /** Slots filled by a report, per person token on the watchlist. */
        private final Map<String, Set<Slot>> reported = new HashMap<>();
        private long breaches;

        Recorder(ZoneId zone, TemperatureRule temperatureRule, boolean keepEvents, Watchlist watchlist) {
            this.zone = zone;
            this.temperatureRule = temperatureRule;
            this.keepEvents = keepEvents;
            this.watchlist = watchlist;
            watchlist.entries().observations().forEach(o -> observed.put(o.entry().getPersonToken(), o));
        }

        void malformed() {
            records++;
            malformed++;
        }

        /** Records a scan; {@code person} identifies its token as a small int (-1 when there is none). */
        void scan(ExpectedScan expected, int person, boolean duplicate) {
            records++;
            recordsBySource.merge(expected.source(), 1L, Long::sum);
            if (duplicate) {
                duplicates++;
                return;
            }
            uniqueBySource.merge(expected.source(), 1L, Long::sum);
            long delay = expected.firstSentAt().toEpochMilli() - expected.scannedAt().toEpochMilli();
            if (delay > 0) {
                lateUploads++;
                maxUploadDelayMs = Math.max(maxUploadDelayMs, delay);
            }
            temperatureStatuses.merge(expected.temperatureStatus(), 1L, Long::sum);
            if (expected.healthCode() != null) {
                healthCodes.merge(expected.healthCode(), 1L, Long::sum);
            }
            Double celsius = expected.temperatureCelsius();
            if (celsius != null && celsius.isNaN()) {
                faults.merge(Fault.NOT_A_NUMBER, 1L, Long::sum);
            } else if (celsius != null && celsius < temperatureRule.plausibleMinCelsius()) {
                faults.merge(Fault.IMPLAUSIBLE_LOW, 1L, Long::sum);
            } else if (celsius != null && celsius > temperatureRule.plausibleMaxCelsius()) {
                faults.merge(Fault.IMPLAUSIBLE_HIGH, 1L, Long::sum);
            }
            if (expected.healthCode() == HealthCodeColour.UNREADABLE) {
                faults.merge(Fault.UNREADABLE_CODE, 1L, Long::sum);
            }
            if (expected.deviceFault()) {
                deviceFaultScans++;
            }
            if (person >= 0) {
                persons.add(person);
            }
            Instant hour = expected.scannedAt().atZone(zone).truncatedTo(ChronoUnit.HOURS).toInstant();
            Instant day = expected.scannedAt().atZone(zone).truncatedTo(ChronoUnit.DAYS).toInstant();
            String village = expected.villageCode();
            for (WindowSize size : WindowSize.values()) {
                Instant start = size == WindowSize.HOUR ? hour : day;
                if (expected.checkpointId() != null) {
                    add(new WindowKey(AreaLevel.CHECKPOINT, expected.checkpointId(), size, start), expected, person);
                }
                add(new WindowKey(AreaLevel.VILLAGE, village, size, start), expected, person);
                add(new WindowKey(AreaLevel.TOWNSHIP, village.substring(0, 9), size, start), expected, person);
                add(new WindowKey(AreaLevel.COUNTY, village.substring(0, 6), size, start), expected, person);
            }
            if (keepEvents) {
                events.put(expected.eventId(), expected);
            }
            observe(expected);
        }

        private void observe(ExpectedScan scan) {
            SimWatchlist.Observation observation = scan.personToken() == null ? null : observed.get(scan.personToken());
            if (observation == null) {
                return;
            }
            if (scan.source() == ScanSource.GATE_DEVICE && observation.period().isBreachedBy(scan.scannedAt())) {
                breaches++;
            } else if (scan.source() == ScanSource.PHONE_APP || scan.source() == ScanSource.STAFF_ENTRY) {
                watchlist.schedule().slotOf(scan.scannedAt()).ifPresent(slot ->
                        reported.computeIfAbsent(scan.personToken(), t -> new HashSet<>()).add(slot));
            }
        }

        /**
         * Every owed slot with a deadline in (known since, {@code settledUntil}] that no report filled, by deadline:
         * from when the watchlist became known, as screening counts (a slot due at the very start is owed and missed).
         */
        List<MissedCheckin> missedCheckins(Instant settledUntil) {
            List<MissedCheckin> missed = new ArrayList<>();
            for (SimWatchlist.Observation o : watchlist.entries().home()) {
                Set<Slot> filled = reported.getOrDefault(o.entry().getPersonToken(), Set.of());
                for (Slot slot : watchlist.schedule().owed(o.period(), watchlist.entries().knownSince(), watchlist.entries().knownSince(), settledUntil)) {
                    if (!filled.contains(slot)) {
                        missed.add(new MissedCheckin(o.entry().getPersonToken(), o.entry().getVillageCode(), slot.due()));
                    }
                }
            }
            missed.sort(java.util.Comparator.comparing(MissedCheckin::deadline).thenComparing(MissedCheckin::personToken));
            return List.copyOf(missed);
        }

        private void add(WindowKey key, ExpectedScan scan, int person) {
            windows.computeIfAbsent(key, k -> new Accumulator()).add(scan, person);
        }

        GroundTruth snapshot(Instant settledUntil) {
            return new GroundTruth(this, settledUntil);
        }
    }

    /** Mutable figures of one window. */
    private static final class Accumulator {
        long scans;
        final IntSet persons = new IntSet();
        long fevers;
        long yellow;
        long red;
        long deviceFaults;
        long visitors;
        long vehicles;
        final Map<ScanSource, Long> bySource = new EnumMap<>(ScanSource.class);

        void add(ExpectedScan scan, int person) {
            scans++;
            if (person >= 0) {
                persons.add(person);
            }
            if (scan.temperatureStatus() == TemperatureStatus.FEVER) {
                fevers++;
            }
            if (scan.healthCode() == HealthCodeColour.YELLOW) {
                yellow++;
            } else if (scan.healthCode() == HealthCodeColour.RED) {
                red++;
            }
            if (scan.deviceFault()) {
                deviceFaults++;
            }
            if (scan.personKind() == PersonKind.VISITOR) {
                visitors++;
            }
            if (scan.vehicle()) {
                vehicles++;
            }
            bySource.merge(scan.source(), 1L, Long::sum);
        }

        Figures figures() {
            return new Figures(scans, persons.size(), fevers, yellow, red, deviceFaults, visitors, vehicles,
                    bySource.getOrDefault(ScanSource.GATE_DEVICE, 0L), bySource.getOrDefault(ScanSource.PHONE_APP, 0L),
                    bySource.getOrDefault(ScanSource.STAFF_ENTRY, 0L), bySource.getOrDefault(ScanSource.CLINIC, 0L),
                    bySource.getOrDefault(ScanSource.PHARMACY, 0L));
        }
    }
}

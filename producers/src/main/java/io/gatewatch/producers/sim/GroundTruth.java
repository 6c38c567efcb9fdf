package io.gatewatch.producers.sim;

import io.gatewatch.schema.AreaLevel;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TemperatureRule;
import io.gatewatch.schema.TemperatureStatus;
import io.gatewatch.schema.WindowSize;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private GroundTruth(Recorder r) {
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

    @Override
    public String toString() {
        return "GroundTruth{records=" + records + ", unique=" + uniqueEvents() + ", duplicates=" + duplicates
                + ", malformed=" + malformed + ", fevers=" + fevers() + ", yellow=" + healthCodes(HealthCodeColour.YELLOW)
                + ", red=" + healthCodes(HealthCodeColour.RED) + ", deviceFaults=" + deviceFaultScans + ", faults=" + faults
                + ", lateUploads=" + lateUploads + ", maxUploadDelay=" + maxUploadDelay + ", bySource=" + uniqueBySource + "}";
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

        Recorder(ZoneId zone, TemperatureRule temperatureRule, boolean keepEvents) {
            this.zone = zone;
            this.temperatureRule = temperatureRule;
            this.keepEvents = keepEvents;
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
        }

        private void add(WindowKey key, ExpectedScan scan, int person) {
            windows.computeIfAbsent(key, k -> new Accumulator()).add(scan, person);
        }

        GroundTruth snapshot() {
            return new GroundTruth(this);
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

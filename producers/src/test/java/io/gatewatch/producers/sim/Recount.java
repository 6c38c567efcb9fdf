package io.gatewatch.producers.sim;

import io.gatewatch.producers.sim.GroundTruth.Figures;
import io.gatewatch.producers.sim.GroundTruth.WindowKey;
import io.gatewatch.schema.CheckinSchedule;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ObservationPeriod;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TemperatureStatus;
import io.gatewatch.schema.TemperatureUnit;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts redone from raw scans (as sent, or as consumed from the topic) and the device registry,
 * independently of the generator's recorder: classification with the screening defaults written
 * out here, de-duplication by event id, village-day figures in Asia/Shanghai; breaches and missed
 * check-ins from the watchlist entries as published, asking the schema's observation rules.
 */
final class Recount {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    final Map<String, ScanEvent> unique = new HashMap<>();
    final Map<String, TemperatureStatus> status = new HashMap<>();
    final Map<ScanSource, Long> recordsBySource = new HashMap<>();
    long duplicates;
    final long malformed;

    Recount(Map<String, DeviceRegistration> registry, List<ScanEvent> scans, long malformed) {
        this.malformed = malformed;
        for (ScanEvent event : scans) {
            recordsBySource.merge(event.getSource(), 1L, Long::sum);
            if (unique.putIfAbsent(event.getEventId(), event) != null) {
                duplicates++;
                continue;
            }
            status.put(event.getEventId(), classify(event, registry.get(event.getDeviceId())));
        }
    }

    private static TemperatureStatus classify(ScanEvent event, DeviceRegistration device) {
        if (event.getTemperature() == null) {
            return TemperatureStatus.NO_READING;
        }
        double value = event.getTemperature().getValue();
        double celsius = event.getTemperature().getUnit() == TemperatureUnit.FAHRENHEIT ? (value - 32) / 1.8 : value;
        celsius += device == null ? 0 : device.getCalibrationOffsetCelsius();
        if (Double.isNaN(celsius) || celsius < 34.0 || celsius > 43.0) {
            return TemperatureStatus.IMPLAUSIBLE;
        }
        return celsius >= 37.3 ? TemperatureStatus.FEVER : TemperatureStatus.NORMAL;
    }

    /** Unique gate scans during a HOME period of the scanned person's watchlist entry. */
    long breaches(List<ObservationEntry> watchlist) {
        Map<String, ObservationPeriod> periods = periods(watchlist);
        return unique.values().stream()
                .filter(e -> e.getSource() == ScanSource.GATE_DEVICE && e.getPersonToken() != null)
                .filter(e -> periods.containsKey(e.getPersonToken()) && periods.get(e.getPersonToken()).isBreachedBy(e.getScannedAt()))
                .count();
    }

    /**
     * Slots owed (deadline in (from, to], entries known since {@code knownSince}) that no unique
     * PHONE_APP or STAFF_ENTRY scan of the person filled, as {@code <token>@<deadline>}.
     */
    Set<String> missedCheckins(List<ObservationEntry> watchlist, Instant knownSince, CheckinSchedule schedule, Instant from, Instant to) {
        Set<String> reported = new HashSet<>();
        unique.values().stream()
                .filter(e -> e.getSource() == ScanSource.PHONE_APP || e.getSource() == ScanSource.STAFF_ENTRY)
                .filter(e -> e.getPersonToken() != null)
                .forEach(e -> schedule.slotOf(e.getScannedAt()).ifPresent(slot -> reported.add(e.getPersonToken() + "@" + slot.due())));
        Set<String> missed = new HashSet<>();
        periods(watchlist).forEach((token, period) -> schedule.owed(period, knownSince, from, to).stream()
                .map(slot -> token + "@" + slot.due())
                .filter(slot -> !reported.contains(slot))
                .forEach(missed::add));
        return missed;
    }

    private static Map<String, ObservationPeriod> periods(List<ObservationEntry> watchlist) {
        Map<String, ObservationPeriod> periods = new HashMap<>();
        watchlist.forEach(entry -> periods.put(entry.getPersonToken(), ObservationPeriod.of(entry, SHANGHAI)));
        return periods;
    }

    long count(java.util.function.Predicate<TemperatureStatus> which) {
        return status.values().stream().filter(which).count();
    }

    long codes(HealthCodeColour colour) {
        return unique.values().stream().filter(e -> e.getHealthCode() == colour).count();
    }

    boolean deviceFault(ScanEvent e) {
        return status.get(e.getEventId()) == TemperatureStatus.IMPLAUSIBLE || e.getHealthCode() == HealthCodeColour.UNREADABLE;
    }

    long deviceFaults() {
        return unique.values().stream().filter(this::deviceFault).count();
    }

    Figures villageDay(WindowKey key) {
        List<ScanEvent> in = unique.values().stream()
                .filter(e -> e.getVillageCode().equals(key.areaCode()))
                .filter(e -> e.getScannedAt().atZone(SHANGHAI).toLocalDate().atStartOfDay(SHANGHAI).toInstant().equals(key.start()))
                .toList();
        Set<String> persons = new HashSet<>();
        in.stream().map(ScanEvent::getPersonToken).filter(t -> t != null).forEach(persons::add);
        return new Figures(in.size(), persons.size(),
                in.stream().filter(e -> status.get(e.getEventId()) == TemperatureStatus.FEVER).count(),
                in.stream().filter(e -> e.getHealthCode() == HealthCodeColour.YELLOW).count(),
                in.stream().filter(e -> e.getHealthCode() == HealthCodeColour.RED).count(),
                in.stream().filter(this::deviceFault).count(),
                in.stream().filter(e -> e.getPersonKind() == PersonKind.VISITOR).count(),
                in.stream().filter(e -> e.getVehiclePlate() != null).count(),
                in.stream().filter(e -> e.getSource() == ScanSource.GATE_DEVICE).count(),
                in.stream().filter(e -> e.getSource() == ScanSource.PHONE_APP).count(),
                0,
                in.stream().filter(e -> e.getSource() == ScanSource.CLINIC).count(),
                0);
    }
}

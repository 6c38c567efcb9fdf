package io.gatewatch.producers.sim;

import io.gatewatch.producers.sim.GroundTruth.Figures;
import io.gatewatch.producers.sim.GroundTruth.WindowKey;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TemperatureStatus;
import io.gatewatch.schema.TemperatureUnit;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts redone from raw scans (as sent, or as consumed from the topic) and the device registry,
 * independently of the generator's recorder: classification with the screening defaults written
 * out here, de-duplication by event id, village-day figures in Asia/Shanghai.
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

package io.gatewatch.streams.screening;

import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TemperatureReading;
import io.gatewatch.schema.TemperatureUnit;
import io.gatewatch.schema.Topics;
import io.gatewatch.streams.screening.testsupport.ScanScenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the screening topology must emit for a {@link ScanScenario} under the default
 * configuration, worked out independently of the production code: readings in integer hundredths
 * of a degree, rules restated from the issue, the escalation by comparing every pair of a
 * person's flags. Records are taken in send order, which is each device partition's order.
 */
final class ExpectedScreening {
    private static final long FEVER = 3730;
    private static final long MIN = 3400;
    private static final long MAX = 4300;
    private static final long ESCALATION_WINDOW_MS = Duration.ofHours(1).toMillis();
    private static final long FAULT_WINDOW_MS = Duration.ofMinutes(10).toMillis();

    final Map<String, Long> rejectedByReason = new TreeMap<>();
    final Set<String> screenedEventIds = new HashSet<>();
    final Map<String, Set<String>> alertIdsByTopic = new HashMap<>();
    long duplicates;

    private record Flag(String person, String checkpoint, long time) {}

    private record Tally(int readings, int implausible, boolean alerted) {}

    ExpectedScreening(ScanScenario scenario) {
        Topics.ALERT_TOPICS.forEach(topic -> alertIdsByTopic.put(topic, new HashSet<>()));
        Map<String, DeviceRegistration> registry = new HashMap<>();
        scenario.devices.forEach(d -> registry.put(d.getDeviceId(), d));
        long now = scenario.now.toEpochMilli();
        Map<String, Tally> tallies = new HashMap<>();
        List<Flag> flags = new ArrayList<>();

        for (ScanScenario.Planned planned : scenario.records) {
            if (planned.isRaw()) {
                reject("undeserializable");
                continue;
            }
            ScanEvent scan = planned.scan();
            long at = scan.getScannedAt().toEpochMilli();
            DeviceRegistration device = registry.get(scan.getDeviceId());
            boolean gate = scan.getSource() == ScanSource.GATE_DEVICE;
            HealthCodeColour code = scan.getHealthCode();
            if (!planned.key().equals(scan.getDeviceId())) {
                reject("key_mismatch");
            } else if (at > now + Duration.ofMinutes(10).toMillis()) {
                reject("future_timestamp");
            } else if (at < now - Duration.ofHours(24).toMillis()) {
                reject("stale_timestamp");
            } else if (code != null && code != HealthCodeColour.UNREADABLE && scan.getPersonToken() == null) {
                reject("code_without_person");
            } else if (gate && device == null) {
                reject("unknown_device");
            } else if (!gate && scan.getVillageCode() == null) {
                reject("missing_village");
            } else if (!screenedEventIds.add(scan.getEventId())) {
                duplicates++;
            } else {
                String checkpoint = gate ? device.getCheckpointId()
                        : scan.getCheckpointId() != null ? scan.getCheckpointId() : scan.getDeviceId();
                long offset = gate ? Math.round(device.getCalibrationOffsetCelsius() * 100) : 0;
                screen(scan, checkpoint, offset, tallies, flags);
            }
        }
        escalations(flags);
    }

    private void screen(ScanEvent scan, String checkpoint, long offsetHundredths, Map<String, Tally> tallies, List<Flag> flags) {
        String id = scan.getEventId();
        HealthCodeColour code = scan.getHealthCode();
        TemperatureReading reading = scan.getTemperature();
        boolean hasReading = reading != null;
        boolean implausible = false;
        boolean fever = false;
        if (hasReading) {
            if (Double.isNaN(reading.getValue())) {
                implausible = true;
            } else {
                long hundredths = hundredthsCelsius(reading) + offsetHundredths;
                implausible = hundredths < MIN || hundredths > MAX;
                fever = !implausible && hundredths >= FEVER;
            }
        }
        boolean nonGreen = code == HealthCodeColour.YELLOW || code == HealthCodeColour.RED;
        if (fever) {
            alert(Topics.ALERTS_FEVER, id + "/FEVER");
        }
        if (nonGreen) {
            alert(Topics.ALERTS_HEALTHCODE, id + "/NON_GREEN_CODE");
        }
        if (code == HealthCodeColour.RED && scan.getDirection() != Direction.OUT) {
            alert(Topics.ALERTS_HEALTHCODE, id + "/RED_CODE_ENTRY");
        }
        if (implausible || code == HealthCodeColour.UNREADABLE) {
            alert(Topics.FAULTS_DEVICE, id + "/DEVICE_FAULT");
        }
        if (hasReading) {
            long at = scan.getScannedAt().toEpochMilli();
            String window = scan.getDeviceId() + "@" + (at / FAULT_WINDOW_MS);
            Tally before = tallies.getOrDefault(window, new Tally(0, 0, false));
            Tally after = new Tally(before.readings() + 1, before.implausible() + (implausible ? 1 : 0), before.alerted());
            if (!after.alerted() && after.readings() >= 10 && 2 * after.implausible() >= after.readings()) {
                alert(Topics.FAULTS_DEVICE, id + "/DEVICE_FAULT_RATE");
                after = new Tally(after.readings(), after.implausible(), true);
            }
            tallies.put(window, after);
        }
        if ((fever || nonGreen) && scan.getPersonToken() != null) {
            flags.add(new Flag(scan.getPersonToken(), checkpoint, scan.getScannedAt().toEpochMilli()));
        }
    }

    /** Every flag with another checkpoint's flag of the same person at most one window earlier, inclusive. */
    private void escalations(List<Flag> flags) {
        for (Flag flag : flags) {
            boolean escalates = flags.stream().anyMatch(other -> other.person().equals(flag.person())
                    && !other.checkpoint().equals(flag.checkpoint())
                    && other.time() <= flag.time() && other.time() >= flag.time() - ESCALATION_WINDOW_MS);
            if (escalates) {
                alert(Topics.ALERTS_ESCALATION, flag.person() + "/MULTI_CHECKPOINT/" + (flag.time() - ESCALATION_WINDOW_MS));
            }
        }
    }

    /** Celsius hundredths, rounded half up, from whole tenths of °C or °F. */
    private static long hundredthsCelsius(TemperatureReading reading) {
        long tenths = Math.round(reading.getValue() * 10);
        if (reading.getUnit() == TemperatureUnit.CELSIUS) {
            return tenths * 10;
        }
        long numerator = (tenths - 320) * 100;
        return Math.floorDiv(2 * numerator + 18, 36);
    }

    private void reject(String reason) {
        rejectedByReason.merge(reason, 1L, Long::sum);
    }

    private void alert(String topic, String alertId) {
        if (!alertIdsByTopic.get(topic).add(alertId)) {
            throw new IllegalStateException("scenario produced a colliding alert id " + alertId);
        }
    }

    long alertCount() {
        return alertIdsByTopic.values().stream().mapToLong(Set::size).sum();
    }
}

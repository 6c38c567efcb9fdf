package io.gatewatch.streams.screening.testsupport;

import static io.gatewatch.schema.testing.DeviceRegistrationBuilder.aDevice;

import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TemperatureReading;
import io.gatewatch.schema.TemperatureUnit;
import io.gatewatch.schema.testing.ScanEventBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded, realistic mix of scans for integration tests and the benchmark: gates in several
 * villages (some calibrated, some reporting Fahrenheit), phone-app and clinic reports, a few sick
 * people who pass several gates, cold devices, unreadable codes, retries, boundary readings, and
 * records that must be refused (unknown devices, stale and future times, reads without a person,
 * stray keys, undeserialisable bytes). It only decides the input; what should come out is for
 * the test to work out on its own.
 *
 * <p>Readings are whole tenths (°C, or °F for Fahrenheit devices) and calibration offsets whole
 * hundredths, so an oracle can compute in integers. Every scan has a distinct event time.
 */
public final class ScanScenario {
    public static final List<String> VILLAGES = List.of("330106001001", "330106001002", "330106002001", "330107001001");

    /** One record to send, in order: a scan (possibly with a stray key) or raw bytes. */
    public record Planned(String key, ScanEvent scan, byte[] rawValue) {
        public boolean isRaw() {
            return rawValue != null;
        }
    }

    public final List<DeviceRegistration> devices = new ArrayList<>();
    public final List<Planned> records = new ArrayList<>();
    public final Instant now;

    private final Random random;
    private final List<String> gateDevices = new ArrayList<>();
    private final List<String> persons = new ArrayList<>();
    private final List<String> sick = new ArrayList<>();
    private long sequence;

    private ScanScenario(long seed, Instant now) {
        this.random = new Random(seed);
        this.now = now;
    }

    /**
     * {@code scans} valid scans (plus retries of some) spread over the 100 minutes that end 50
     * minutes before {@code now}, and, when {@code withRefusals}, about 2.5 % refused records.
     */
    public static ScanScenario generate(long seed, Instant now, int scans, boolean withRefusals) {
        ScanScenario scenario = new ScanScenario(seed, now);
        scenario.registerDevices();
        scenario.people(Math.max(400, scans / 4));
        scenario.scans(scans);
        scenario.coldBurst();
        if (withRefusals) {
            scenario.refusals(Math.max(10, scans / 40));
        }
        return scenario;
    }

    private void registerDevices() {
        int checkpoint = 0;
        for (int v = 0; v < VILLAGES.size(); v++) {
            for (int c = 0; c < 2; c++) {
                checkpoint++;
                for (int d = 0; d < 3; d++) {
                    String id = "gate-" + checkpoint + "-" + d;
                    boolean fahrenheit = d == 2 && checkpoint % 2 == 0;
                    int offsetHundredths = d == 1 ? (checkpoint % 3 - 1) * 20 : 0;
                    devices.add(aDevice(id).atCheckpoint("CP" + checkpoint).inVillage(VILLAGES.get(v))
                            .reportingIn(fahrenheit ? TemperatureUnit.FAHRENHEIT : TemperatureUnit.CELSIUS)
                            .calibratedBy(offsetHundredths / 100.0).updatedAt(now.minus(Duration.ofDays(30))).build());
                    gateDevices.add(id);
                }
            }
        }
        devices.add(aDevice("gate-cold").atCheckpoint("CP-cold").inVillage(VILLAGES.get(0)).updatedAt(now.minus(Duration.ofDays(30)))
                .build());
    }

    /** About four scans per person in the 100 minutes; one in sixteen is sick and gets 15 % of all scans between them. */
    private void people(int count) {
        for (int i = 0; i < count; i++) {
            persons.add(ScanEventBuilder.token("p" + i + "-"));
        }
        sick.addAll(persons.subList(0, count / 16));
    }

    private void scans(int count) {
        Instant start = now.minus(Duration.ofMinutes(150));
        long spanMs = Duration.ofMinutes(100).toMillis();
        long slot = spanMs / count;
        List<ScanEvent> firsts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant at = start.plusMillis(i * slot + random.nextInt((int) Math.max(1, slot)));
            ScanEvent scan = validScan(at);
            firsts.add(scan);
            records.add(new Planned(scan.getDeviceId(), scan, null));
            if (random.nextInt(100) < 5 && !firsts.isEmpty()) {
                // a retry of an earlier scan of the same device, sent later
                ScanEvent earlier = firsts.get(random.nextInt(firsts.size()));
                records.add(new Planned(earlier.getDeviceId(), earlier, null));
            }
        }
    }

    private ScanEvent validScan(Instant at) {
        int kind = random.nextInt(100);
        int index = random.nextInt(100) < 15 ? random.nextInt(sick.size()) : random.nextInt(persons.size());
        String person = persons.get(index);
        boolean isSick = index < sick.size();
        ScanEvent.Builder scan = ScanEvent.newBuilder()
                .setEventId("evt-" + (++sequence))
                .setDirection(random.nextInt(100) < 20 ? Direction.OUT : Direction.IN)
                .setPersonToken(person)
                .setPersonKind(random.nextBoolean() ? PersonKind.RESIDENT : PersonKind.VISITOR)
                .setScannedAt(at)
                .setHealthCode(code(isSick));
        if (kind < 8) {
            scan.setSource(ScanSource.PHONE_APP).setDeviceId("app-" + random.nextInt(50))
                    .setVillageCode(VILLAGES.get(random.nextInt(VILLAGES.size()))).setDirection(Direction.UNKNOWN_DIRECTION);
            return scan.build();
        }
        if (kind < 12) {
            scan.setSource(ScanSource.CLINIC).setDeviceId("clinic-" + random.nextInt(3)).setCheckpointId(null)
                    .setVillageCode(VILLAGES.get(random.nextInt(VILLAGES.size())));
            scan.setTemperature(reading(TemperatureUnit.CELSIUS, isSick));
            return scan.build();
        }
        DeviceRegistration device = devices.get(random.nextInt(gateDevices.size()));
        scan.setSource(ScanSource.GATE_DEVICE).setDeviceId(device.getDeviceId())
                .setCheckpointId(random.nextInt(10) == 0 ? "self-reported" : null);
        if (random.nextInt(100) < 3) {
            scan.setHealthCode(HealthCodeColour.UNREADABLE);
            if (random.nextBoolean()) {
                scan.setPersonToken(null);
            }
        }
        scan.setTemperature(reading(device.getUnit(), isSick));
        return scan.build();
    }

    private HealthCodeColour code(boolean isSick) {
        int roll = random.nextInt(100);
        if (roll < (isSick ? 20 : 3)) {
            return HealthCodeColour.YELLOW;
        }
        if (roll < (isSick ? 30 : 5)) {
            return HealthCodeColour.RED;
        }
        return roll < 97 ? HealthCodeColour.GREEN : null;
    }

    /** A reading in whole tenths of {@code unit}: mostly normal, some fevers, cold and hot faults, boundaries, NaN. */
    private TemperatureReading reading(TemperatureUnit unit, boolean isSick) {
        int roll = random.nextInt(1000);
        double tenthsC;
        if (roll < 5) {
            return TemperatureReading.newBuilder().setValue(Double.NaN).setUnit(unit).setBodySite(BodySite.FOREHEAD).build();
        } else if (roll < 60) {
            int[] boundaries = {372, 373, 339, 340, 430, 431, 371, 374};
            tenthsC = boundaries[random.nextInt(boundaries.length)];
        } else if (roll < 100) {
            tenthsC = 280 + random.nextInt(60);     // cold device 28.0-33.9
        } else if (roll < 110) {
            tenthsC = 431 + random.nextInt(40);     // hot device
        } else if (roll < (isSick ? 500 : 150)) {
            tenthsC = 373 + random.nextInt(25);     // fever
        } else {
            tenthsC = 358 + random.nextInt(15);     // normal 35.8-37.2
        }
        double value = unit == TemperatureUnit.FAHRENHEIT ? Math.round(tenthsC * 1.8 + 320) / 10.0 : tenthsC / 10.0;
        return TemperatureReading.newBuilder().setValue(value).setUnit(unit).setBodySite(BodySite.FOREHEAD).build();
    }

    /** 15 readings of one device in one 10-minute window, 10 of them implausibly cold: a faulty device. */
    private void coldBurst() {
        Instant windowStart = Instant.ofEpochMilli(now.minus(Duration.ofMinutes(120)).toEpochMilli() / 600_000 * 600_000);
        List<ScanEvent> burst = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            burst.add(ScanEvent.newBuilder()
                    .setEventId("cold-" + i).setSource(ScanSource.GATE_DEVICE).setDeviceId("gate-cold")
                    .setPersonToken(persons.get(200 + i)).setHealthCode(HealthCodeColour.GREEN)
                    .setScannedAt(windowStart.plusSeconds(i * 30L).plusMillis(7))
                    .setTemperature(TemperatureReading.newBuilder().setValue(i % 3 == 0 ? 36.5 : 31.2)
                            .setUnit(TemperatureUnit.CELSIUS).build())
                    .build());
        }
        int middle = records.size() / 2;
        for (int i = 0; i < burst.size(); i++) {
            records.add(middle + i, new Planned("gate-cold", burst.get(i), null));
        }
    }

    private void refusals(int count) {
        List<Planned> refused = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant at = now.minus(Duration.ofMinutes(100)).plusMillis(i * 13L + 1);
            ScanEvent.Builder scan = ScanEvent.newBuilder(validGateScan(at));
            switch (i % 7) {
                case 0 -> scan.setDeviceId("gate-unregistered-" + i);
                case 1 -> scan.setScannedAt(now.minus(Duration.ofDays(2)));
                case 2 -> scan.setScannedAt(now.plus(Duration.ofHours(2)));
                case 3 -> scan.setHealthCode(HealthCodeColour.YELLOW).setPersonToken(null);
                case 4 -> scan.setSource(ScanSource.PHONE_APP).setDeviceId("app-x").setVillageCode(null);
                default -> { }
            }
            ScanEvent built = scan.build();
            if (i % 7 == 5) {
                refused.add(new Planned("stray-key", built, null));
            } else if (i % 7 == 6) {
                byte[] garbage = new byte[20 + random.nextInt(40)];
                random.nextBytes(garbage);
                // half with a foreign magic byte, half Confluent-framed with a schema id no registry holds
                garbage[0] = (byte) (i % 2 == 0 ? 0 : 7);
                garbage[1] = 0x7f;
                garbage[2] = (byte) 0xff;
                refused.add(new Planned(built.getDeviceId(), null, garbage));
            } else {
                refused.add(new Planned(built.getDeviceId(), built, null));
            }
        }
        for (Planned planned : refused) {
            records.add(random.nextInt(records.size() + 1), planned);
        }
    }

    private ScanEvent validGateScan(Instant at) {
        return ScanEvent.newBuilder()
                .setEventId("refused-" + (++sequence)).setSource(ScanSource.GATE_DEVICE)
                .setDeviceId(gateDevices.get(random.nextInt(gateDevices.size())))
                .setPersonToken(persons.get(random.nextInt(persons.size()))).setHealthCode(HealthCodeColour.GREEN)
                .setScannedAt(at)
                .setTemperature(TemperatureReading.newBuilder().setValue(36.6).setUnit(TemperatureUnit.CELSIUS).build())
                .build();
    }
}

package io.gatewatch.streams.screening;

import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.T0;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.VILLAGE_2;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aDevice;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aScan;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Severity;
import io.gatewatch.schema.Topics;
import io.gatewatch.streams.screening.testsupport.ScreeningDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** DEVICE_FAULT_RATE with the defaults: >= 50% of >= 10 readings implausible in a 10-minute window. */
class DeviceFaultRateTest {
    private static final String DEVICE = "gate-dev-1";
    /** T0 is 08:00:00, a window boundary. */
    private static final Instant WINDOW = T0;
    @AutoClose
    private ScreeningDriver screening = ScreeningDriver.start()
            .register(aDevice(DEVICE).atCheckpoint("G7").inVillage(VILLAGE_2).build());

    @Test
    void shouldRaiseOneAlertWhenHalfOfTenReadingsAreImplausible() {
        // Given 5 normal then 5 cold readings within one window
        List<ScanEvent> readings = readings(WINDOW, 5, 5);

        screening.send(readings.toArray(ScanEvent[]::new));

        List<ScreeningAlert> rate = faultRateAlerts();
        assertThat(rate).hasSize(1);
        ScreeningAlert alert = rate.get(0);
        assertThat(alert.getAlertId()).isEqualTo(readings.get(9).getEventId() + "/DEVICE_FAULT_RATE");
        assertThat(alert.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.getDeviceId()).isEqualTo(DEVICE);
        assertThat(alert.getCheckpointId()).isEqualTo("G7");
        assertThat(alert.getPersonToken()).isNull();
        assertThat(alert.getRule()).contains("5 of 10");
    }

    @Test
    void shouldNotRaiseBelowTheShare() {
        screening.send(readings(WINDOW, 6, 4).toArray(ScanEvent[]::new));

        assertThat(faultRateAlerts()).isEmpty();
    }

    @Test
    void shouldNotJudgeBeforeTheMinimumNumberOfReadings() {
        // Given 9 readings, all implausible
        screening.send(readings(WINDOW, 0, 9).toArray(ScanEvent[]::new));

        assertThat(faultRateAlerts()).isEmpty();
    }

    @Test
    void shouldRaiseAtMostOncePerWindow() {
        screening.send(readings(WINDOW, 0, 25).toArray(ScanEvent[]::new));

        assertThat(faultRateAlerts()).hasSize(1);
    }

    @Test
    void shouldJudgeEachWindowOnItsOwn() {
        // Given 5 cold readings at the end of one window and 5 at the start of the next
        List<ScanEvent> scans = new ArrayList<>();
        scans.addAll(readings(WINDOW.plus(Duration.ofMinutes(9)), 0, 5));
        scans.addAll(readings(WINDOW.plus(Duration.ofMinutes(10)), 0, 5));

        screening.send(scans.toArray(ScanEvent[]::new));

        assertThat(faultRateAlerts()).isEmpty();
    }

    @Test
    void shouldIgnoreScansWithoutReading() {
        List<ScanEvent> scans = new ArrayList<>(readings(WINDOW, 0, 5));
        for (int i = 0; i < 5; i++) {
            scans.add(aScan().fromDevice(DEVICE).withoutTemperature().at(WINDOW.plusSeconds(30 + i)).build());
        }

        screening.send(scans.toArray(ScanEvent[]::new));

        assertThat(faultRateAlerts()).isEmpty();
    }

    @Test
    void shouldKeepAWindowsTalliesAcrossARestart() {
        // Given 5 normal and 3 cold readings, then an instance restarted on its local state
        useARestartableDriver();
        screening.send(readings(WINDOW, 5, 3).toArray(ScanEvent[]::new));
        screening = screening.restart();
        screening.register(aDevice(DEVICE).atCheckpoint("G7").inVillage(VILLAGE_2).build());

        // When 2 more cold readings arrive in the same window
        screening.send(readings(DEVICE, WINDOW.plusSeconds(30), 0, 2).toArray(ScanEvent[]::new));

        // Then the window was judged on all 10
        assertThat(faultRateAlerts()).singleElement().satisfies(alert -> assertThat(alert.getRule()).contains("5 of 10"));
    }

    @Test
    void shouldNotRaiseAWindowsAlertAgainAfterARestart() {
        useARestartableDriver();
        screening.send(readings(WINDOW, 0, 10).toArray(ScanEvent[]::new));
        assertThat(faultRateAlerts()).hasSize(1);
        screening = screening.restart();
        screening.register(aDevice(DEVICE).atCheckpoint("G7").inVillage(VILLAGE_2).build());

        screening.send(readings(DEVICE, WINDOW.plusSeconds(30), 0, 10).toArray(ScanEvent[]::new));

        assertThat(faultRateAlerts()).isEmpty();
    }

    @Test
    void shouldTallyDevicesThatShareABucketApart() {
        // Given a second device whose tallies are kept in the same bucket as the first one's
        String neighbour = neighbourInTheSameBucket(DEVICE);
        screening.register(aDevice(neighbour).atCheckpoint("G8").inVillage(VILLAGE_2).build());

        // When one reads cold ten times and the other normally ten times
        screening.send(readings(neighbour, WINDOW, 10, 0).toArray(ScanEvent[]::new));
        screening.send(readings(DEVICE, WINDOW.plusSeconds(20), 0, 10).toArray(ScanEvent[]::new));

        // Then only the cold one is alerted, on its own ten readings
        assertThat(faultRateAlerts()).singleElement().satisfies(alert -> {
            assertThat(alert.getDeviceId()).isEqualTo(DEVICE);
            assertThat(alert.getRule()).contains("10 of 10");
        });
    }

    @Test
    void shouldForgetAWindowOnceItIsOlderThanAnyScanScreeningStillAccepts() {
        // Given a deployment that accepts scans up to an hour old, and a reading in one window
        screening.close();
        screening = ScreeningDriver.start(java.util.Map.of(ScreeningConfig.MAX_AGE_MS, Duration.ofHours(1).toMillis()));
        screening.register(aDevice(DEVICE).atCheckpoint("G7").inVillage(VILLAGE_2).build());
        screening.send(readings(WINDOW, 1, 0).toArray(ScanEvent[]::new));
        assertThat(keptWindowStarts()).containsExactly(WINDOW.toEpochMilli());

        // When readings arrive three hours later
        screening.advance(Duration.ofHours(3));
        Instant later = WINDOW.plus(Duration.ofHours(3));
        screening.send(readings(DEVICE, later, 1, 0).toArray(ScanEvent[]::new));

        // Then the old window's tallies are gone and the new one's kept
        assertThat(keptWindowStarts()).containsExactly(later.toEpochMilli());
    }

    /**
     * At least once: the test driver runs every sub-topology in one task, and under exactly-once a
     * restart on local state it left refuses stores that never wrote (the escalation store, here) as
     * corrupt; restoring from the changelogs under exactly-once is ScreeningTopologyIT's part.
     */
    private void useARestartableDriver() {
        screening.close();
        screening = ScreeningDriver.startAtLeastOnce();
        screening.register(aDevice(DEVICE).atCheckpoint("G7").inVillage(VILLAGE_2).build());
    }

    private java.util.Set<Long> keptWindowStarts() {
        org.apache.kafka.streams.state.KeyValueStore<org.apache.kafka.common.utils.Bytes, FaultTallies> store =
                screening.driver.getKeyValueStore(ScreeningNames.FAULT_RATE_STORE);
        java.util.Set<Long> starts = new java.util.TreeSet<>();
        try (var all = store.all()) {
            all.forEachRemaining(entry -> starts.add(FaultTallies.windowStartOf(entry.key)));
        }
        return starts;
    }

    private static String neighbourInTheSameBucket(String deviceId) {
        for (int i = 2; ; i++) {
            String candidate = "gate-dev-" + i;
            if (FaultTallies.key(0, candidate).equals(FaultTallies.key(0, deviceId))) {
                return candidate;
            }
        }
    }

    private List<ScreeningAlert> faultRateAlerts() {
        return screening.alerts(Topics.FAULTS_DEVICE).stream().filter(a -> a.getType() == AlertType.DEVICE_FAULT_RATE).toList();
    }

    private static List<ScanEvent> readings(Instant start, int normal, int cold) {
        return readings(DEVICE, start, normal, cold);
    }

    /** {@code normal} plausible readings then {@code cold} implausible ones of {@code deviceId}, a second apart from {@code start}. */
    private static List<ScanEvent> readings(String deviceId, Instant start, int normal, int cold) {
        List<ScanEvent> scans = new ArrayList<>();
        for (int i = 0; i < normal + cold; i++) {
            scans.add(aScan().fromDevice(deviceId).withTemperature(i < normal ? 36.5 : 30.1).at(start.plusSeconds(i)).build());
        }
        return scans;
    }
}

package io.gatewatch.streams.screening;

import static io.gatewatch.streams.screening.testsupport.DeviceBuilder.VILLAGE_2;
import static io.gatewatch.streams.screening.testsupport.DeviceBuilder.aDevice;
import static io.gatewatch.streams.screening.testsupport.ScanBuilder.T0;
import static io.gatewatch.streams.screening.testsupport.ScanBuilder.aScan;
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
    private final ScreeningDriver screening = ScreeningDriver.start()
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

    private List<ScreeningAlert> faultRateAlerts() {
        return screening.alerts(Topics.FAULTS_DEVICE).stream().filter(a -> a.getType() == AlertType.DEVICE_FAULT_RATE).toList();
    }

    /** {@code normal} plausible readings then {@code cold} implausible ones, a second apart from {@code start}. */
    private static List<ScanEvent> readings(Instant start, int normal, int cold) {
        List<ScanEvent> scans = new ArrayList<>();
        for (int i = 0; i < normal + cold; i++) {
            scans.add(aScan().fromDevice(DEVICE).withTemperature(i < normal ? 36.5 : 30.1).at(start.plusSeconds(i)).build());
        }
        return scans;
    }
}

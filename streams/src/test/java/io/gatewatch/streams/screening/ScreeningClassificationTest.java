package io.gatewatch.streams.screening;

import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.T0;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.VILLAGE_1;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.VILLAGE_2;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aDevice;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aScan;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Severity;
import io.gatewatch.schema.TemperatureStatus;
import io.gatewatch.schema.Topics;
import io.gatewatch.streams.screening.testsupport.ScreeningDriver;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The per-scan rules through the whole topology, at and around every boundary. */
class ScreeningClassificationTest {
    private static final String DEVICE = "gate-dev-1";
    private static final String WARM_DEVICE = "gate-dev-warm";
    private static final String COLD_DEVICE = "gate-dev-cold";
    @AutoClose
    private ScreeningDriver screening = ScreeningDriver.start().register(
            aDevice(DEVICE).atCheckpoint("G1").inVillage(VILLAGE_1).build(),
            aDevice(WARM_DEVICE).atCheckpoint("G2").inVillage(VILLAGE_2).calibratedBy(0.2).build(),
            aDevice(COLD_DEVICE).atCheckpoint("G3").inVillage(VILLAGE_2).calibratedBy(-0.1).build());

    @ParameterizedTest(name = "{0} C is {1}")
    @CsvSource({
            "37.2, NORMAL", "37.3, FEVER", "33.9, IMPLAUSIBLE", "34.0, NORMAL",
            "43.0, FEVER", "43.1, IMPLAUSIBLE", "NaN, IMPLAUSIBLE", "Infinity, IMPLAUSIBLE", "-273.0, IMPLAUSIBLE"})
    void shouldClassifyCelsiusReadingAtBoundaries(double celsius, TemperatureStatus expected) {
        screening.send(aScan().fromDevice(DEVICE).withTemperature(celsius).build());

        assertThat(onlyScreened().getTemperatureStatus()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} F is {1} C, {2}")
    @CsvSource({"99.5, 37.5, FEVER", "99.1, 37.28, NORMAL", "99.2, 37.33, FEVER", "93.0, 33.89, IMPLAUSIBLE",
            "93.2, 34.0, NORMAL", "109.4, 43.0, FEVER", "109.6, 43.11, IMPLAUSIBLE"})
    void shouldConvertFahrenheitBeforeClassifying(double fahrenheit, double celsius, TemperatureStatus expected) {
        screening.send(aScan().fromDevice(DEVICE).withFahrenheit(fahrenheit).build());

        ScreenedScan screened = onlyScreened();
        assertThat(screened.getTemperatureCelsius()).isEqualTo(celsius);
        assertThat(screened.getTemperatureStatus()).isEqualTo(expected);
    }

    @Test
    void shouldApplyPositiveCalibrationBeforeTheThreshold() {
        // Given a device that reads 0.2 C low: 37.1 raw is 37.3 corrected
        screening.send(aScan().fromDevice(WARM_DEVICE).withTemperature(37.1).build());

        ScreenedScan screened = onlyScreened();
        assertThat(screened.getTemperatureCelsius()).isEqualTo(37.3);
        assertThat(screened.getTemperatureStatus()).isEqualTo(TemperatureStatus.FEVER);
        assertThat(screened.getScan().getTemperature().getValue()).isEqualTo(37.1);
    }

    @Test
    void shouldApplyNegativeCalibration() {
        // Given a device that reads 0.1 C high: 37.4 raw is 37.3 corrected
        screening.send(aScan().fromDevice(COLD_DEVICE).withTemperature(37.4).build());

        ScreenedScan screened = onlyScreened();
        assertThat(screened.getTemperatureCelsius()).isEqualTo(37.3);
        assertThat(screened.getTemperatureStatus()).isEqualTo(TemperatureStatus.FEVER);
    }

    @Test
    void shouldClassifyCalibratedReadingExactlyAtAConfiguredThresholdWithoutFloatingPointDrift() {
        // Given a deployment threshold of 37.2 C and a device calibrated by +0.9 C:
        // in binary floating point 36.3 + 0.9 is 37.199999999999996
        screening.close();
        screening = ScreeningDriver.start(java.util.Map.of(ScreeningConfig.FEVER_THRESHOLD_CELSIUS, "37.2"));
        screening.register(aDevice(DEVICE).calibratedBy(0.9).build());

        screening.send(aScan().fromDevice(DEVICE).withTemperature(36.3).build());

        assertThat(onlyScreened().getTemperatureStatus()).isEqualTo(TemperatureStatus.FEVER);
    }

    @Test
    void shouldKeepRawFahrenheitReadingAlongsideTheNormalisedOne() {
        screening.send(aScan().fromDevice(WARM_DEVICE).withFahrenheit(99.5).build());

        ScreeningAlert fever = screening.alerts(Topics.ALERTS_FEVER).get(0);
        assertThat(fever.getTemperatureCelsius()).isEqualTo(37.7);
        assertThat(fever.getRawTemperature().getValue()).isEqualTo(99.5);
        assertThat(fever.getRawTemperature().getUnit().name()).isEqualTo("FAHRENHEIT");
    }

    @Test
    void shouldRaiseFeverAlertAtThresholdWithDeterministicIdAndTimes() {
        // Given a fever scan at T0 processed at NOW
        ScanEvent scan = aScan().fromDevice(DEVICE).of("alice").withTemperature(37.3).at(T0).build();

        screening.send(scan);

        List<TestRecord<String, ScreeningAlert>> fevers = screening.alertRecords(Topics.ALERTS_FEVER);
        assertThat(fevers).hasSize(1);
        assertThat(fevers.get(0).key()).isEqualTo(VILLAGE_1);
        ScreeningAlert alert = fevers.get(0).value();
        assertThat(alert.getAlertId()).isEqualTo(scan.getEventId() + "/FEVER");
        assertThat(alert.getType()).isEqualTo(AlertType.FEVER);
        assertThat(alert.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(alert.getRule()).isEqualTo("temperature >= 37.3 C (plausible range 34-43 C)");
        assertThat(alert.getCheckpointId()).isEqualTo("G1");
        assertThat(alert.getVillageCode()).isEqualTo(VILLAGE_1);
        assertThat(alert.getPersonToken()).isEqualTo(scan.getPersonToken());
        assertThat(alert.getScannedAt()).isEqualTo(T0);
        assertThat(alert.getDetectedAt()).isEqualTo(ScreeningDriver.NOW);
        assertThat(screening.count(MetricNames.ALERTS, "type", "FEVER", "severity", "HIGH")).isEqualTo(1.0);
        assertThat(screening.timer(MetricNames.ALERT_LATENCY, "type", "FEVER").totalTime(java.util.concurrent.TimeUnit.MINUTES))
                .isEqualTo(5.0);
    }

    @Test
    void shouldNotRaiseFeverJustBelowThreshold() {
        screening.send(aScan().fromDevice(DEVICE).withTemperature(37.2).build());

        assertThat(screening.allAlerts()).isEmpty();
        assertThat(screening.count(MetricNames.SCANS, "source", "GATE_DEVICE", "outcome", "normal")).isEqualTo(1.0);
    }

    @Test
    void shouldRaiseDeviceFaultNotFeverForImplausiblyHighReading() {
        screening.send(aScan().fromDevice(DEVICE).withTemperature(43.1).build());

        assertThat(screening.alerts(Topics.ALERTS_FEVER)).isEmpty();
        List<ScreeningAlert> faults = screening.alerts(Topics.FAULTS_DEVICE);
        assertThat(faults).extracting(ScreeningAlert::getType).containsExactly(AlertType.DEVICE_FAULT);
        assertThat(faults.get(0).getSeverity()).isEqualTo(Severity.LOW);
        assertThat(screening.count(MetricNames.SCANS, "source", "GATE_DEVICE", "outcome", "device_fault")).isEqualTo(1.0);
    }

    @Test
    void shouldRaiseDeviceFaultWithoutPersonDataForColdReading() {
        // Given a winter IR reading of 31 C from a person with a GREEN code
        screening.send(aScan().fromDevice(DEVICE).of("bob").withTemperature(31.0).withCode(HealthCodeColour.GREEN).build());

        ScreeningAlert fault = screening.alerts(Topics.FAULTS_DEVICE).get(0);
        assertThat(fault.getPersonToken()).isNull();
        assertThat(fault.getHealthCode()).isNull();
        assertThat(fault.getTemperatureCelsius()).isEqualTo(31.0);
        ScreenedScan screened = onlyScreened();
        assertThat(screened.getDeviceFault()).isTrue();
        assertThat(screened.getTemperatureStatus()).isEqualTo(TemperatureStatus.IMPLAUSIBLE);
    }

    @Test
    void shouldRaiseDeviceFaultForUnreadableCode() {
        ScanEvent scan = aScan().fromDevice(DEVICE).withTemperature(36.5).withCode(HealthCodeColour.UNREADABLE).build();
        screening.send(scan);

        ScreeningAlert fault = screening.alerts(Topics.FAULTS_DEVICE).get(0);
        assertThat(fault.getAlertId()).isEqualTo(scan.getEventId() + "/DEVICE_FAULT");
        assertThat(fault.getRule()).isEqualTo("health code UNREADABLE");
        assertThat(fault.getHealthCode()).isEqualTo(HealthCodeColour.UNREADABLE);
        assertThat(onlyScreened().getDeviceFault()).isTrue();
    }

    @Test
    void shouldRaiseHighNonGreenAlertForYellowCode() {
        screening.send(aScan().fromDevice(DEVICE).withCode(HealthCodeColour.YELLOW).build());

        List<ScreeningAlert> alerts = screening.alerts(Topics.ALERTS_HEALTHCODE);
        assertThat(alerts).extracting(ScreeningAlert::getType, ScreeningAlert::getSeverity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertType.NON_GREEN_CODE, Severity.HIGH));
        assertThat(screening.count(MetricNames.SCANS, "source", "GATE_DEVICE", "outcome", "non_green")).isEqualTo(1.0);
    }

    @Test
    void shouldRaiseCriticalNonGreenAndRedEntryAlertsForRedCodeEntering() {
        ScanEvent scan = aScan().fromDevice(DEVICE).withCode(HealthCodeColour.RED).build();
        screening.send(scan);

        List<ScreeningAlert> alerts = screening.alerts(Topics.ALERTS_HEALTHCODE);
        assertThat(alerts).extracting(ScreeningAlert::getAlertId)
                .containsExactly(scan.getEventId() + "/NON_GREEN_CODE", scan.getEventId() + "/RED_CODE_ENTRY");
        assertThat(alerts).extracting(ScreeningAlert::getSeverity).containsOnly(Severity.CRITICAL);
    }

    @Test
    void shouldNotRaiseRedEntryForRedCodeLeaving() {
        screening.send(aScan().fromDevice(DEVICE).withCode(HealthCodeColour.RED).leaving().build());

        assertThat(screening.alerts(Topics.ALERTS_HEALTHCODE)).extracting(ScreeningAlert::getType)
                .containsExactly(AlertType.NON_GREEN_CODE);
    }

    @Test
    void shouldRaiseEveryRuleThatApplies() {
        // Given a fever and a YELLOW code in one scan
        screening.send(aScan().fromDevice(DEVICE).withTemperature(38.5).withCode(HealthCodeColour.YELLOW).build());

        assertThat(screening.alerts(Topics.ALERTS_FEVER)).hasSize(1);
        assertThat(screening.alerts(Topics.ALERTS_HEALTHCODE)).hasSize(1);
        assertThat(screening.count(MetricNames.SCANS, "source", "GATE_DEVICE", "outcome", "fever")).isEqualTo(1.0);
    }

    @Test
    void shouldScreenScanWithoutReadingAsNoReading() {
        screening.send(aScan().fromDevice(DEVICE).withoutTemperature().build());

        ScreenedScan screened = onlyScreened();
        assertThat(screened.getTemperatureStatus()).isEqualTo(TemperatureStatus.NO_READING);
        assertThat(screened.getTemperatureCelsius()).isNull();
        assertThat(screening.allAlerts()).isEmpty();
        assertThat(screening.count(MetricNames.SCANS, "source", "GATE_DEVICE", "outcome", "no_reading")).isEqualTo(1.0);
    }

    @Test
    void shouldEnrichGateScanFromRegistryOverridingWhatTheDeviceReports() {
        screening.send(aScan().fromDevice(DEVICE).atCheckpoint("claimed-gate").inVillage("999999999999").build());

        List<TestRecord<String, ScreenedScan>> screened = screening.screened();
        assertThat(screened.get(0).key()).isEqualTo(VILLAGE_1);
        assertThat(screened.get(0).value().getCheckpointId()).isEqualTo("G1");
        assertThat(screened.get(0).value().getVillageCode()).isEqualTo(VILLAGE_1);
        assertThat(screened.get(0).value().getScreenedAt()).isEqualTo(ScreeningDriver.NOW);
    }

    @Test
    void shouldUseTheLatestRegistrationOfADevice() {
        // Given the device moves to another village
        screening.register(aDevice(DEVICE).atCheckpoint("G9").inVillage(VILLAGE_2).build());

        screening.send(aScan().fromDevice(DEVICE).build());

        assertThat(onlyScreened().getCheckpointId()).isEqualTo("G9");
    }

    private ScreenedScan onlyScreened() {
        List<TestRecord<String, ScreenedScan>> screened = screening.screened();
        assertThat(screened).hasSize(1);
        return screened.get(0).value();
    }
}

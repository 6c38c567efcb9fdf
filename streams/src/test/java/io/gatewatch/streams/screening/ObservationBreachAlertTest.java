package io.gatewatch.streams.screening;

import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.T0;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aHomeObservation;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aScan;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Severity;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ObservationBreachAlertTest {
    private final Alerts alerts = new Alerts(ScreeningConfig.defaults());

    @Test
    void shouldRaiseACriticalBreachWithTheGateVillageAndTimeUnderADeterministicId() {
        ScanEvent scan = aScan().of("zhang-san").at(T0).build();
        Sighting gate = new Sighting(scan.getEventId(), scan.getSource(), scan.getDeviceId(), "cp-east-gate", "330110001002",
                T0.toEpochMilli(), 36.6, scan.getHealthCode());
        ObservationEntry observation = aHomeObservation().withPersonToken(scan.getPersonToken()).inVillage("330110001001")
                .from(LocalDate.of(2024, 1, 10)).to(LocalDate.of(2024, 1, 23)).build();

        ScreeningAlert alert = alerts.observationBreach(scan.getPersonToken(), gate, observation, T0.toEpochMilli() + 5);

        assertThat(alert.getAlertId()).isEqualTo(scan.getEventId() + "/OBSERVATION_BREACH");
        assertThat(alert.getType()).isEqualTo(AlertType.OBSERVATION_BREACH);
        assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.getCheckpointId()).isEqualTo("cp-east-gate");
        assertThat(alert.getVillageCode()).isEqualTo("330110001002");
        assertThat(alert.getScannedAt()).isEqualTo(T0);
        assertThat(alert.getPersonToken()).isEqualTo(scan.getPersonToken());
        assertThat(alert.getRule()).contains("HOME observation 2024-01-10..2024-01-23").contains("330110001001");
    }
}

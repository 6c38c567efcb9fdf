package io.gatewatch.streams.screening;

import static io.gatewatch.schema.testing.ScanEventBuilder.token;
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
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Severity;
import io.gatewatch.schema.Topics;
import io.gatewatch.streams.screening.testsupport.ScreeningDriver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MULTI_CHECKPOINT with the default 1 h window: the same person flagged at two checkpoints. */
class EscalationTest {
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final String GATE_A = "gate-a";
    private static final String GATE_B = "gate-b";
    private static final String GATE_C = "gate-c";
    @AutoClose
    private final ScreeningDriver screening = ScreeningDriver.start();

    @BeforeEach
    void start() {
        // Wall clock well after the scans, so none is in the future.
        screening.clock.set(T0.plus(Duration.ofHours(3)));
        screening.register(
                aDevice(GATE_A).atCheckpoint("A").inVillage(VILLAGE_1).build(),
                aDevice(GATE_B).atCheckpoint("B").inVillage(VILLAGE_2).build(),
                aDevice(GATE_C).atCheckpoint("C").inVillage(VILLAGE_2).build());
    }

    @Test
    void shouldEscalatePersonFlaggedAtTwoCheckpointsWithinTheWindow() {
        // Given alice with a fever at A, then a YELLOW code at B 30 minutes later
        Instant atB = T0.plus(Duration.ofMinutes(30));
        ScanEvent second = flagged(GATE_B, "alice", atB);
        screening.send(fever(GATE_A, "alice", T0), second);

        // Then one escalation, about the later scan, listing both checkpoints
        List<TestRecord<String, ScreeningAlert>> escalations = screening.alertRecords(Topics.ALERTS_ESCALATION);
        assertThat(escalations).hasSize(1);
        assertThat(escalations.get(0).key()).isEqualTo(VILLAGE_2);
        ScreeningAlert alert = escalations.get(0).value();
        assertThat(alert.getType()).isEqualTo(AlertType.MULTI_CHECKPOINT);
        assertThat(alert.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(alert.getAlertId()).isEqualTo(token("alice") + "/MULTI_CHECKPOINT/" + atB.minus(WINDOW).toEpochMilli());
        assertThat(alert.getEventId()).isEqualTo(second.getEventId());
        assertThat(alert.getPersonToken()).isEqualTo(token("alice"));
        assertThat(alert.getRelatedCheckpoints()).containsExactly("A", "B");
        assertThat(alert.getScannedAt()).isEqualTo(atB);
        assertThat(screening.count(MetricNames.ALERTS, "type", "MULTI_CHECKPOINT", "severity", "HIGH")).isEqualTo(1.0);
    }

    @Test
    void shouldEscalateAtExactlyTheWindowLength() {
        screening.send(fever(GATE_A, "alice", T0), fever(GATE_B, "alice", T0.plus(WINDOW)));

        assertThat(screening.alerts(Topics.ALERTS_ESCALATION)).hasSize(1);
    }

    @Test
    void shouldNotEscalateJustOutsideTheWindow() {
        screening.send(fever(GATE_A, "alice", T0), fever(GATE_B, "alice", T0.plus(WINDOW).plusMillis(1)));

        assertThat(screening.alerts(Topics.ALERTS_ESCALATION)).isEmpty();
    }

    @Test
    void shouldNotEscalateRepeatedFlagsAtOneCheckpoint() {
        screening.send(fever(GATE_A, "alice", T0), fever(GATE_A, "alice", T0.plus(Duration.ofMinutes(10))));

        assertThat(screening.alerts(Topics.ALERTS_ESCALATION)).isEmpty();
    }

    @Test
    void shouldNotEscalateDifferentPeople() {
        screening.send(fever(GATE_A, "alice", T0), fever(GATE_B, "bob", T0.plus(Duration.ofMinutes(10))));

        assertThat(screening.alerts(Topics.ALERTS_ESCALATION)).isEmpty();
    }

    @Test
    void shouldNotEscalateUnflaggedScans() {
        screening.send(fever(GATE_A, "alice", T0),
                aScan().fromDevice(GATE_B).of("alice").withTemperature(36.5).at(T0.plus(Duration.ofMinutes(10))).build());

        assertThat(screening.alerts(Topics.ALERTS_ESCALATION)).isEmpty();
    }

    @Test
    void shouldEscalateTheSameWayWhenTheEarlierFlagArrivesLate() {
        // Given B's flag arrives first and A's earlier flag is uploaded late by an offline gate
        Instant atB = T0.plus(Duration.ofMinutes(30));
        ScanEvent second = fever(GATE_B, "alice", atB);
        screening.send(second, fever(GATE_A, "alice", T0));

        // Then the escalation is the same as if they had arrived in order
        List<ScreeningAlert> escalations = screening.alerts(Topics.ALERTS_ESCALATION);
        assertThat(escalations).hasSize(1);
        assertThat(escalations.get(0).getAlertId()).isEqualTo(token("alice") + "/MULTI_CHECKPOINT/" + atB.minus(WINDOW).toEpochMilli());
        assertThat(escalations.get(0).getEventId()).isEqualTo(second.getEventId());
        assertThat(escalations.get(0).getRelatedCheckpoints()).containsExactly("A", "B");
    }

    @Test
    void shouldEscalateEachFlagThatFollowsAnotherCheckpoint() {
        // Given flags at A, B and C 20 minutes apart
        screening.send(fever(GATE_A, "alice", T0), fever(GATE_B, "alice", T0.plus(Duration.ofMinutes(20))),
                fever(GATE_C, "alice", T0.plus(Duration.ofMinutes(40))));

        // Then B and C escalate; C lists all three
        List<ScreeningAlert> escalations = screening.alerts(Topics.ALERTS_ESCALATION);
        assertThat(escalations).extracting(ScreeningAlert::getCheckpointId).containsExactly("B", "C");
        assertThat(escalations.get(1).getRelatedCheckpoints()).containsExactly("A", "B", "C");
    }

    @Test
    void shouldNotEscalateAgainWhenALateFlagJoinsAnAlreadyEscalatedScan() {
        // Given A then B escalated, then a late flag at C between them
        screening.send(fever(GATE_A, "alice", T0), fever(GATE_B, "alice", T0.plus(Duration.ofMinutes(40))));
        screening.send(fever(GATE_C, "alice", T0.plus(Duration.ofMinutes(20))));

        // Then C escalates (A was before it); B does not escalate a second time
        assertThat(screening.alerts(Topics.ALERTS_ESCALATION)).extracting(ScreeningAlert::getCheckpointId)
                .containsExactly("B", "C");
    }

    @Test
    void shouldEscalateEveryLaterFlagWithinTheWindowOfALateFlagElsewhere() {
        // Given four flags at A over 30 minutes and one an hour later, then a late-uploaded flag at B before them all
        List<ScanEvent> atA = List.of(fever(GATE_A, "alice", T0.plus(Duration.ofMinutes(10))),
                fever(GATE_A, "alice", T0.plus(Duration.ofMinutes(20))), fever(GATE_A, "alice", T0.plus(Duration.ofMinutes(30))),
                fever(GATE_A, "alice", T0.plus(Duration.ofMinutes(40))), fever(GATE_A, "alice", T0.plus(Duration.ofMinutes(70))));
        screening.send(atA.toArray(ScanEvent[]::new));
        assertThat(screening.alerts(Topics.ALERTS_ESCALATION)).isEmpty();

        screening.send(fever(GATE_B, "alice", T0.plus(Duration.ofMinutes(5))));

        // Then each A flag whose window reaches back to B escalates, the one 65 minutes after B does not
        assertThat(screening.alerts(Topics.ALERTS_ESCALATION)).extracting(ScreeningAlert::getEventId)
                .containsExactlyInAnyOrder(atA.get(0).getEventId(), atA.get(1).getEventId(), atA.get(2).getEventId(),
                        atA.get(3).getEventId());
    }

    @Test
    void shouldIgnoreFlagsWithoutPersonToken() {
        screening.send(aScan().fromDevice(GATE_A).withoutPerson().withoutCode().withTemperature(38.0).at(T0).build(),
                aScan().fromDevice(GATE_B).withoutPerson().withoutCode().withTemperature(38.0).at(T0.plusSeconds(60)).build());

        assertThat(screening.alerts(Topics.ALERTS_FEVER)).hasSize(2);
        assertThat(screening.alerts(Topics.ALERTS_ESCALATION)).isEmpty();
    }

    private static ScanEvent fever(String device, String person, Instant at) {
        return aScan().fromDevice(device).of(person).withTemperature(38.1).at(at).build();
    }

    private static ScanEvent flagged(String device, String person, Instant at) {
        return aScan().fromDevice(device).of(person).withTemperature(36.4).withCode(HealthCodeColour.YELLOW).at(at).build();
    }
}

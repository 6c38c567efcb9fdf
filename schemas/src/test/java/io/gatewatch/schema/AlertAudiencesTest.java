package io.gatewatch.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertAudiencesTest {

    @Test
    void shouldSendEveryRaisedTypeToItsDocumentedAudience() {
        Map<AlertType, String> expected = new EnumMap<>(AlertType.class);
        expected.put(AlertType.FEVER, Topics.ALERTS_FEVER);
        expected.put(AlertType.NON_GREEN_CODE, Topics.ALERTS_HEALTHCODE);
        expected.put(AlertType.RED_CODE_ENTRY, Topics.ALERTS_HEALTHCODE);
        expected.put(AlertType.MULTI_CHECKPOINT, Topics.ALERTS_ESCALATION);
        expected.put(AlertType.OBSERVATION_BREACH, Topics.ALERTS_OBSERVATION);
        expected.put(AlertType.MISSED_CHECKIN, Topics.ALERTS_OBSERVATION);
        expected.put(AlertType.DEVICE_FAULT, Topics.FAULTS_DEVICE);
        expected.put(AlertType.DEVICE_FAULT_RATE, Topics.FAULTS_DEVICE);

        for (AlertType type : AlertType.values()) {
            if (type != AlertType.UNKNOWN_ALERT) {
                assertThat(AlertAudiences.topicOf(type)).as(type.name()).isEqualTo(expected.get(type));
            }
        }
    }

    @Test
    void shouldKeepPersonAlertsOffTheOperationsTopic() {
        assertThat(AlertAudiences.isAboutAPerson(AlertType.FEVER)).isTrue();
        assertThat(AlertAudiences.isAboutAPerson(AlertType.MULTI_CHECKPOINT)).isTrue();
        assertThat(AlertAudiences.isAboutAPerson(AlertType.OBSERVATION_BREACH)).isTrue();
        assertThat(AlertAudiences.isAboutAPerson(AlertType.MISSED_CHECKIN)).isTrue();
        assertThat(AlertAudiences.isAboutAPerson(AlertType.DEVICE_FAULT)).isFalse();
    }

    @Test
    void shouldGiveTheReadersDefaultNoAudience() {
        assertThatThrownBy(() -> AlertAudiences.topicOf(AlertType.UNKNOWN_ALERT)).isInstanceOf(IllegalArgumentException.class);
    }
}

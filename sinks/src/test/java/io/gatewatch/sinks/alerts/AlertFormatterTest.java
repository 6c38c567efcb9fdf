package io.gatewatch.sinks.alerts;

import static io.gatewatch.sinks.testing.Alerts.T0;
import static io.gatewatch.sinks.testing.Alerts.anAlert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.Severity;
import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.names.Names;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class AlertFormatterTest {
    private final AlertFormatter formatter = new AlertFormatter(ZoneId.of("Asia/Shanghai"));

    @Test
    void shouldPrintAFeverInLocalTimeWithTheReading() {
        var fever = anAlert().forEvent("E1").withTemperature(38.25).withCode(null).at(T0).build();

        assertThat(formatter.humanLine(fever)).isEqualTo("2024-01-15 10:00:00 +0800 HIGH     FEVER village=110101001001 "
                + "checkpoint=CP1 device=D1 temp=38.3C rule=\"temperature >= 37.3 C\" event=E1");
    }

    @Test
    void shouldPrintTheCodeAndCheckpointsButNeverThePersonToken() {
        var escalation = anAlert().ofType(AlertType.MULTI_CHECKPOINT).withSeverity(Severity.CRITICAL).withTemperature(null)
                .withCode(HealthCodeColour.RED).alsoSeenAt("CP1", "CP7").forPerson("secret-token").build();

        assertThat(formatter.humanLine(escalation)).contains(" code=RED", " checkpoints=CP1,CP7", "CRITICAL MULTI_CHECKPOINT")
                .doesNotContain("secret-token").doesNotContain("temp=");
    }

    @Test
    void shouldWriteOneJsonObjectPerLineWithEveryField() throws Exception {
        var alert = anAlert().forEvent("E1").alsoSeenAt("CP1").at(T0).build();

        String line = formatter.jsonLine(alert, Topics.ALERTS_FEVER);

        assertThat(line).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("alertId").asText()).isEqualTo("E1/FEVER");
        assertThat(json.get("topic").asText()).isEqualTo(Topics.ALERTS_FEVER);
        assertThat(json.get("scannedAt").asText()).isEqualTo("2024-01-15T02:00:00Z");
        assertThat(json.get("rawTemperature").get("unit").asText()).isEqualTo("CELSIUS");
        assertThat(json.get("relatedCheckpoints").get(0).asText()).isEqualTo("CP1");
        assertThat(json.get("healthCode").asText()).isEqualTo("GREEN");
    }

    @Test
    void shouldNameTheVillageAndCheckpointBesideTheirCodesWhenKnown() {
        Names names = new Names();
        names.nameArea("110101001001", "东村");
        names.nameCheckpoint("CP1", "东村卡口");
        var fever = anAlert().forEvent("E1").withTemperature(38.25).withCode(null).at(T0).build();

        assertThat(new AlertFormatter(ZoneId.of("Asia/Shanghai"), names).humanLine(fever)).isEqualTo(
                "2024-01-15 10:00:00 +0800 HIGH     FEVER village=东村 (110101001001) checkpoint=东村卡口 (CP1) device=D1 "
                        + "temp=38.3C rule=\"temperature >= 37.3 C\" event=E1");
    }

    @Test
    void shouldPutNamesBesideTheCodesInJsonAndNullWhenUnknown() throws Exception {
        Names names = new Names();
        names.nameArea("110101001001", "东村");
        AlertFormatter named = new AlertFormatter(ZoneId.of("Asia/Shanghai"), names);

        JsonNode json = new ObjectMapper().readTree(named.jsonLine(anAlert().build(), Topics.ALERTS_FEVER));

        assertThat(json.get("villageCode").asText()).isEqualTo("110101001001");
        assertThat(json.get("villageName").asText()).isEqualTo("东村");
        assertThat(json.get("checkpointId").asText()).isEqualTo("CP1");
        assertThat(json.get("checkpointName").isNull()).isTrue();
    }
}

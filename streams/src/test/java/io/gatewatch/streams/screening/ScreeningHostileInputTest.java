package io.gatewatch.streams.screening;

import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aDevice;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aScan;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.fuzz.FrameMutator;
import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.RejectedRecordHeaders;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.WireFormat;
import io.gatewatch.streams.common.RejectedRecords;
import io.gatewatch.streams.screening.testsupport.ScreeningDriver;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's repros for records written straight to Kafka: a length bomb is dead-lettered and the
 * next scan is screened; a NUL in a text field or a raw identity posing as a person token is
 * refused before it reaches de-duplication, state stores or any output.
 */
class ScreeningHostileInputTest {
    private static final String DEVICE = "gate-dev-1";
    private ScreeningDriver screening;

    @AfterEach
    void stop() {
        screening.close();
    }

    @Test
    void shouldRouteNulCheckpointToRejectedTopic() {
        // Given a clinic report whose checkpoint id carries a NUL
        start(false);
        screening.send(aScan().from(ScanSource.CLINIC).fromDevice("clinic-3")
                .inVillage("330106001001").atCheckpoint("CP\u0000X").withTemperature(38.5).build());

        // Then it is refused as invalid_text naming the field, and nothing is screened or alerted
        List<TestRecord<byte[], byte[]>> rejected = screening.rejected();
        assertThat(rejected).hasSize(1);
        assertThat(header(rejected.get(0), RejectedRecordHeaders.REASON)).isEqualTo("invalid_text");
        assertThat(header(rejected.get(0), RejectedRecordHeaders.MESSAGE)).contains("'checkpointId'");
        assertThat(screening.screened()).isEmpty();
        assertThat(screening.allAlerts()).isEmpty();
        assertThat(screening.count(MetricNames.SCANS_REJECTED, "reason", "invalid_text")).isEqualTo(1.0);
    }

    @Test
    void shouldRejectAGateScanWhoseRegisteredCheckpointCarriesANul() {
        // Given a gate device registered with a NUL in its checkpoint id
        start(false);
        screening.register(aDevice("gate-dev-nul").atCheckpoint("G\u0000").build());

        // When it scans a fever
        screening.send(aScan().fromDevice("gate-dev-nul").withTemperature(38.7).build());

        // Then the scan is refused as invalid_text and the checkpoint reaches no output
        List<TestRecord<byte[], byte[]>> rejected = screening.rejected();
        assertThat(header(rejected.get(0), RejectedRecordHeaders.REASON)).isEqualTo("invalid_text");
        assertThat(header(rejected.get(0), RejectedRecordHeaders.MESSAGE)).contains("registry entry's 'checkpointId'");
        assertThat(screening.screened()).isEmpty();
        assertThat(screening.allAlerts()).isEmpty();
    }

    @Test
    void shouldRefuseARawIdentityPosingAsAPersonTokenWithoutEchoingIt() {
        // Given a direct producer that put a raw identity number where a token belongs
        start(false);
        screening.send(aScan().fromDevice(DEVICE).withPersonToken("not-a-token-110105199001011234").withTemperature(38.0).build());

        // Then it is refused as invalid_field; the header names the field, never the value
        List<TestRecord<byte[], byte[]>> rejected = screening.rejected();
        assertThat(header(rejected.get(0), RejectedRecordHeaders.REASON)).isEqualTo("invalid_field");
        assertThat(header(rejected.get(0), RejectedRecordHeaders.MESSAGE)).contains("'personToken'").doesNotContain("110105");
        assertThat(screening.screened()).isEmpty();
    }

    @Test
    void shouldDeadLetterTheLengthBombAndScreenTheNextFeverScan() {
        // Given the 13-byte record of issue 13: a valid header, then a string length of 2,147,483,548 and 3 bytes
        start(true);
        byte[] valid = screening.scanBytes(aScan().fromDevice(DEVICE).build());
        byte[] bomb = FrameMutator.lengthBomb(WireFormat.schemaId(valid));
        screening.sendRaw(screening.keyBytes(DEVICE), bomb);

        // When an ordinary fever scan follows
        screening.send(aScan().fromDevice(DEVICE).withEventId("after-bomb").withTemperature(38.6).build());

        // Then the bomb is dead-lettered as it came, and the fever is alerted
        List<TestRecord<byte[], byte[]>> rejected = screening.rejected();
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).value()).isEqualTo(bomb);
        assertThat(header(rejected.get(0), RejectedRecordHeaders.REASON)).isEqualTo(RejectedRecords.UNDESERIALIZABLE);
        assertThat(screening.alerts(Topics.ALERTS_FEVER)).extracting(a -> a.getType()).containsExactly(AlertType.FEVER);
    }

    private void start(boolean atLeastOnce) {
        // at-least-once where the deserialization handler's dead letters must be seen (see ScreeningDriver)
        screening = atLeastOnce ? ScreeningDriver.startAtLeastOnce() : ScreeningDriver.start();
        screening.register(aDevice(DEVICE).build());
    }

    private static String header(TestRecord<byte[], byte[]> record, String key) {
        return RejectedRecords.value(record.headers(), key);
    }
}

package io.gatewatch.streams.screening;

import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.T0;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.VILLAGE_1;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aDevice;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.RejectedRecordHeaders;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.Topics;
import io.gatewatch.schema.testing.ScanEventBuilder;
import io.gatewatch.streams.common.RejectedRecords;
import io.gatewatch.streams.screening.testsupport.ScreeningDriver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Refused scans reach the rejected topic with their original content, where they came from, and why; and are counted. */
class ScreeningRejectionTest {
    private static final String DEVICE = "gate-dev-1";
    @AutoClose
    private ScreeningDriver screening = ScreeningDriver.start().register(aDevice(DEVICE).build());

    @Test
    void shouldRejectScanFromUnknownGateDeviceWithSourceHeadersAndOriginalContent() {
        // Given a scan from a gate device the registry does not know
        ScanEvent scan = aScan().fromDevice("gate-dev-unknown").at(T0).build();

        // When it is screened
        screening.send(scan);

        // Then it is dead-lettered, not screened
        List<TestRecord<byte[], byte[]>> rejected = screening.rejected();
        assertThat(rejected).hasSize(1);
        TestRecord<byte[], byte[]> dead = rejected.get(0);
        assertThat(header(dead, RejectedRecordHeaders.REASON)).isEqualTo("unknown_device");
        assertThat(header(dead, RejectedRecordHeaders.SOURCE_TOPIC)).isEqualTo(Topics.SCANS);
        assertThat(header(dead, RejectedRecordHeaders.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(dead, RejectedRecordHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(header(dead, RejectedRecordHeaders.REJECTED_BY)).isEqualTo("screening");
        assertThat(header(dead, RejectedRecordHeaders.CHANNEL)).isEqualTo("kafka");
        assertThat(header(dead, RejectedRecordHeaders.MESSAGE)).contains("deviceId").doesNotContain("gate-dev-unknown");
        assertThat(screening.readScan(dead.value())).isEqualTo(scan);
        assertThat(dead.key()).isEqualTo(screening.keyBytes("gate-dev-unknown"));
        assertThat(screening.screened()).isEmpty();
        assertThat(screening.count(MetricNames.SCANS_REJECTED, "reason", "unknown_device")).isEqualTo(1.0);
    }

    @Test
    void shouldNameTheOffsetOfEachRejectedRecord() {
        // Given a valid scan followed by a refused one
        screening.send(aScan().fromDevice(DEVICE).build());
        screening.send(aScan().fromDevice("gate-dev-unknown").build());

        // Then the dead letter points at the second record
        assertThat(header(screening.rejected().get(0), RejectedRecordHeaders.SOURCE_OFFSET)).isEqualTo("1");
    }

    @Test
    void shouldDeadLetterUndeserialisableBytesAndKeepScreening() {
        // Given bytes that are not a Confluent-framed scan, then a valid scan
        useAtLeastOnceDriver();
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        screening.sendRaw(screening.keyBytes(DEVICE), garbage);
        screening.send(aScan().fromDevice(DEVICE).build());

        // Then the raw bytes are dead-lettered unchanged, counted, and the pipeline went on
        List<TestRecord<byte[], byte[]>> rejected = screening.rejected();
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).value()).isEqualTo(garbage);
        assertThat(header(rejected.get(0), RejectedRecordHeaders.REASON)).isEqualTo(RejectedRecords.UNDESERIALIZABLE);
        assertThat(header(rejected.get(0), RejectedRecordHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(screening.count(MetricNames.SCANS_REJECTED, "reason", "undeserializable")).isEqualTo(1.0);
        assertThat(screening.screened()).hasSize(1);
    }

    @Test
    void shouldDeadLetterTruncatedAvro() {
        // Given a correctly framed but truncated scan
        useAtLeastOnceDriver();
        byte[] whole = screening.scanBytes(aScan().fromDevice(DEVICE).build());
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
        screening.sendRaw(screening.keyBytes(DEVICE), truncated);

        // Then it is rejected as undeserialisable
        assertThat(header(screening.rejected().get(0), RejectedRecordHeaders.REASON)).isEqualTo("undeserializable");
    }

    @Test
    void shouldRejectTombstone() {
        screening.send(DEVICE, null);

        TestRecord<byte[], byte[]> dead = screening.rejected().get(0);
        assertThat(header(dead, RejectedRecordHeaders.REASON)).isEqualTo("missing_value");
        assertThat(dead.value()).isNull();
    }

    @Test
    void shouldRejectScanWhoseKeyIsNotItsDevice() {
        screening.send("another-device", aScan().fromDevice(DEVICE).build());

        assertThat(reasons()).containsExactly("key_mismatch");
    }

    static Stream<Arguments> invalidScans() {
        return Stream.of(
                arguments("a blank event id", aScan().fromDevice(DEVICE).withEventId(" "), "missing_event_id"),
                arguments("an unknown source", aScan().fromDevice(DEVICE).from(ScanSource.UNKNOWN_SOURCE), "unknown_source"),
                arguments("a read code without a person token",
                        aScan().fromDevice(DEVICE).withCode(HealthCodeColour.GREEN).withoutPerson(), "code_without_person"),
                arguments("a negative test result age", aScan().fromDevice(DEVICE).withTestResultAgeHours(-1), "invalid_field"),
                // the default future skew is 10 minutes
                arguments("a time beyond the future skew",
                        aScan().fromDevice(DEVICE).at(ScreeningDriver.NOW.plus(Duration.ofMinutes(10)).plusMillis(1)), "future_timestamp"),
                // the default max age is 24 h: a gate that uploads a day and a millisecond late
                arguments("a time older than the max age",
                        aScan().fromDevice(DEVICE).at(ScreeningDriver.NOW.minus(Duration.ofHours(24)).minusMillis(1)), "stale_timestamp"),
                arguments("a non-gate scan without a village",
                        aScan().from(ScanSource.PHONE_APP).fromDevice("app-client-7"), "missing_village"),
                arguments("a non-gate scan with a malformed village",
                        aScan().from(ScanSource.CLINIC).fromDevice("clinic-3").inVillage("3301"), "invalid_village_code"));
    }

    @ParameterizedTest(name = "{0} is rejected as {2}")
    @MethodSource("invalidScans")
    void shouldRejectAnInvalidScanWithItsReason(String invalid, ScanEventBuilder scan, String reason) {
        screening.send(scan.build());

        assertThat(reasons()).containsExactly(reason);
    }

    @Test
    void shouldAcceptUnreadableCodeWithoutPersonToken() {
        screening.send(aScan().fromDevice(DEVICE).withCode(HealthCodeColour.UNREADABLE).withoutPerson().build());

        assertThat(screening.rejected()).isEmpty();
        assertThat(screening.screened()).hasSize(1);
    }

    @Test
    void shouldAcceptScanStampedWithinTheFutureSkew() {
        screening.send(aScan().fromDevice(DEVICE).at(ScreeningDriver.NOW.plus(Duration.ofMinutes(10))).build());

        assertThat(screening.rejected()).isEmpty();
        assertThat(screening.screened()).hasSize(1);
    }

    @Test
    void shouldScreenLateUploadWithinMaxAgeAtItsOwnEventTime() {
        // Given a gate that was offline for 20 hours and now uploads a fever scan
        java.time.Instant scannedAt = ScreeningDriver.NOW.minus(Duration.ofHours(20));
        screening.send(aScan().fromDevice(DEVICE).withTemperature(38.0).at(scannedAt).build());

        // Then it is screened and alerted with its event time, not its arrival time
        var screened = screening.screened();
        assertThat(screened).hasSize(1);
        assertThat(screened.get(0).timestamp()).isEqualTo(scannedAt.toEpochMilli());
        var alerts = screening.alertRecords(Topics.ALERTS_FEVER);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).timestamp()).isEqualTo(scannedAt.toEpochMilli());
        assertThat(alerts.get(0).value().getScannedAt()).isEqualTo(scannedAt);
        assertThat(alerts.get(0).value().getDetectedAt()).isEqualTo(ScreeningDriver.NOW);
    }

    @Test
    void shouldRejectGateScanAfterItsDeviceWasRetired() {
        screening.retire(DEVICE);
        screening.send(aScan().fromDevice(DEVICE).build());

        assertThat(reasons()).containsExactly("unknown_device");
    }

    @Test
    void shouldRefuseScansOfADeviceRetiredAfterItsEarlierScansWereScreened() {
        // Given a device whose scans are being screened
        screening.send(aScan().fromDevice(DEVICE).build());
        assertThat(screening.screened()).hasSize(1);

        // When its registration is replaced by a retired one, and later by none at all
        screening.register(aDevice(DEVICE).retired().build());
        screening.send(aScan().fromDevice(DEVICE).build());
        screening.retire(DEVICE);
        screening.send(aScan().fromDevice(DEVICE).build());

        // Then each later scan is judged by the registry as it then stood
        assertThat(reasons()).containsExactly("retired_device", "unknown_device");
    }

    @Test
    void shouldRejectGateScanFromADeviceRegisteredAsRetired() {
        // Given a device whose registration says it was taken out of service
        screening.register(aDevice(DEVICE).retired().build());

        // When it still sends a scan
        screening.send(aScan().fromDevice(DEVICE).build());

        // Then screening refuses it with its own reason, not as an unknown device
        assertThat(reasons()).containsExactly("retired_device");
        assertThat(screening.count(MetricNames.SCANS_REJECTED, "reason", "retired_device")).isEqualTo(1.0);
    }

    @Test
    void shouldCountEveryRejectionByReason() {
        screening.send(aScan().fromDevice("nope-1").build(), aScan().fromDevice("nope-2").build());
        screening.send("x", aScan().fromDevice(DEVICE).build());

        assertThat(screening.count(MetricNames.SCANS_REJECTED, "reason", "unknown_device")).isEqualTo(2.0);
        assertThat(screening.count(MetricNames.SCANS_REJECTED, "reason", "key_mismatch")).isEqualTo(1.0);
        assertThat(screening.total(MetricNames.SCANS_REJECTED)).isEqualTo(3.0);
    }

    @Test
    void shouldScreenNonGateScanAsReportedWithoutRegistry() {
        // Given a clinic report with a village but no checkpoint
        screening.send(aScan().from(ScanSource.CLINIC).fromDevice("clinic-3").inVillage(VILLAGE_1).build());

        // Then it is placed as reported, the reporting client standing in for a checkpoint
        var screened = screening.screened();
        assertThat(screened).hasSize(1);
        assertThat(screened.get(0).key()).isEqualTo(VILLAGE_1);
        assertThat(screened.get(0).value().getCheckpointId()).isEqualTo("clinic-3");
    }

    /** See {@link ScreeningDriver#startAtLeastOnce()}. */
    private void useAtLeastOnceDriver() {
        screening.close();
        screening = ScreeningDriver.startAtLeastOnce();
        screening.register(aDevice(DEVICE).build());
    }

    private List<String> reasons() {
        return screening.rejected().stream().map(r -> header(r, RejectedRecordHeaders.REASON)).toList();
    }

    private static String header(TestRecord<byte[], byte[]> record, String key) {
        return RejectedRecords.value(record.headers(), key);
    }
}

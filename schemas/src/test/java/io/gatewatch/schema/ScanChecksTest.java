package io.gatewatch.schema;

import static io.gatewatch.schema.testing.ScanEventBuilder.T0;
import static io.gatewatch.schema.testing.ScanEventBuilder.aScan;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.ScanChecks.Failure;
import io.gatewatch.schema.testing.ScanEventBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The stateless checks shared by the ingest edge and screening: first failure, reason, field, no values echoed. */
class ScanChecksTest {
    private static final String TOKEN = "A".repeat(PersonTokens.LENGTH);
    private static final long NOW = T0.toEpochMilli();
    private final ScanChecks checks = new ScanChecks(Duration.ofMinutes(5).toMillis(), Duration.ofDays(7).toMillis());

    @Test
    void shouldAcceptAWellFormedGateScan() {
        assertThat(checks.check(valid().build(), NOW)).isEmpty();
    }

    @Test
    void shouldRefuseANulInTheCheckpointIdAsInvalidTextNamingTheField() {
        Failure failure = checks.check(valid().atCheckpoint("CP\u0000X").build(), NOW).orElseThrow();

        assertThat(failure.reason()).isEqualTo(RejectReason.INVALID_TEXT);
        assertThat(failure.field()).isEqualTo("checkpointId");
        assertThat(failure.message()).contains("'checkpointId'", "control characters").doesNotContain("CP");
    }

    @Test
    void shouldRefuseAnUnpairedSurrogateInTheDeviceId() {
        ScanEvent scan = valid().fromDevice("D\uD800").build();

        Failure failure = checks.check(scan, NOW).orElseThrow();

        assertThat(failure.reason().code()).isEqualTo("invalid_text");
        assertThat(failure.field()).isEqualTo("deviceId");
    }

    @Test
    void shouldRefuseAnIdLongerThanItsLimit() {
        Failure failure = checks.check(valid().withEventId("e".repeat(TextPolicy.FieldLimits.ID + 1)).build(), NOW).orElseThrow();

        assertThat(failure.reason()).isEqualTo(RejectReason.INVALID_TEXT);
        assertThat(failure.field()).isEqualTo("eventId");
    }

    @Test
    void shouldRefuseARawIdentityPosingAsATokenWithoutEchoingIt() {
        ScanEvent scan = valid().build();
        scan.setPersonToken("not-a-token-110105199001011234");

        Failure failure = checks.check(scan, NOW).orElseThrow();

        assertThat(failure.reason()).isEqualTo(RejectReason.INVALID_FIELD);
        assertThat(failure.field()).isEqualTo("personToken");
        assertThat(failure.message()).contains("'personToken'").doesNotContain("110105");
    }

    @Test
    void shouldRefuseAClearVehiclePlateWithoutEchoingIt() {
        ScanEvent scan = valid().asVisitor().inVehicle("浙A12345").build();

        Failure failure = checks.check(scan, NOW).orElseThrow();

        assertThat(failure.reason()).isEqualTo(RejectReason.INVALID_FIELD);
        assertThat(failure.reason().code()).isEqualTo("invalid_field");
        assertThat(failure.field()).isEqualTo("vehiclePlate");
        assertThat(failure.message()).contains("'vehiclePlate'").doesNotContain("12345");
    }

    @Test
    void shouldAcceptAPlateToken() {
        assertThat(checks.check(valid().asVisitor().inVehicle("P".repeat(PersonTokens.LENGTH)).build(), NOW)).isEmpty();
    }

    @Test
    void shouldReportTheBlankEventIdBeforeAnyTextProblem() {
        ScanEvent scan = valid().withEventId(" ").atCheckpoint("\u0000").build();

        assertThat(checks.check(scan, NOW).orElseThrow().reason()).isEqualTo(RejectReason.MISSING_EVENT_ID);
    }

    @Test
    void shouldTakeTheDeviceIdAsKeyAtTheEdge() {
        ScanEvent scan = valid().fromDevice("D7").build();

        assertThat(checks.check(scan, NOW)).isEmpty();
        assertThat(checks.check("D1", scan, NOW).orElseThrow().reason()).isEqualTo(RejectReason.KEY_MISMATCH);
    }

    @Test
    void shouldRefuseAScanFromTooFarAhead() {
        ScanEvent scan = valid().at(T0.plus(Duration.ofMinutes(6))).build();

        assertThat(checks.check(scan, NOW).orElseThrow().reason()).isEqualTo(RejectReason.FUTURE_TIMESTAMP);
    }

    @Test
    void shouldRequireATwelveDigitVillageForANonGateSource() {
        ScanEvent missing = valid().build();
        missing.setSource(ScanSource.CLINIC);
        missing.setVillageCode(null);
        ScanEvent malformed = valid().build();
        malformed.setSource(ScanSource.PHARMACY);
        malformed.setVillageCode("3301");

        assertThat(checks.check(missing, NOW).orElseThrow().reason()).isEqualTo(RejectReason.MISSING_VILLAGE);
        assertThat(checks.check(malformed, NOW).orElseThrow().reason()).isEqualTo(RejectReason.INVALID_VILLAGE_CODE);
    }

    @Test
    void shouldLeaveAGateScansVillageToTheDeviceRegistry() {
        ScanEvent scan = valid().build();
        scan.setVillageCode(null);

        assertThat(checks.check(scan, NOW)).isEmpty();
    }

    /** A gate scan with a token of the real shape (the shared builder's default token is a placeholder). */
    private static ScanEventBuilder valid() {
        return aScan().withPersonToken(TOKEN);
    }
}

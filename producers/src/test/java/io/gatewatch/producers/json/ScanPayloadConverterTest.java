package io.gatewatch.producers.json;

import io.gatewatch.schema.RejectReason;
import static io.gatewatch.producers.json.ScanPayloads.PLATE;
import static io.gatewatch.producers.json.ScanPayloads.PLATE_TOKENS;
import static io.gatewatch.producers.json.ScanPayloads.PSEUDONYMIZER;
import static io.gatewatch.producers.json.ScanPayloads.RAW_ID;
import static io.gatewatch.producers.json.ScanPayloads.aScan;
import static io.gatewatch.producers.json.ScanPayloads.aSelfScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TemperatureUnit;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScanPayloadConverterTest {
    private static final String TOKEN = PSEUDONYMIZER.token("some other person");
    private final ScanPayloadConverter converter = new ScanPayloadConverter(PSEUDONYMIZER, PLATE_TOKENS);

    private ScanEvent accepted(ScanPayloads payload) {
        Conversion conversion = converter.convert(payload.bytes());
        assertThat(conversion).as(conversion.toString()).isInstanceOf(Conversion.Accepted.class);
        return ((Conversion.Accepted) conversion).event();
    }

    private Conversion.Rejected rejected(byte[] payload) {
        Conversion conversion = converter.convert(payload);
        assertThat(conversion).isInstanceOf(Conversion.Rejected.class);
        return (Conversion.Rejected) conversion;
    }

    @Test
    void shouldConvertEveryFieldOfACompleteGateScan() {
        // given a complete gate-device payload
        ScanPayloads payload = aScan().withEventId("e-1");

        // when
        ScanEvent event = accepted(payload);

        // then
        assertThat(event.getEventId()).isEqualTo("e-1");
        assertThat(event.getSource()).isEqualTo(ScanSource.GATE_DEVICE);
        assertThat(event.getDeviceId()).isEqualTo("G1-D1");
        assertThat(event.getCheckpointId()).isEqualTo("G1");
        assertThat(event.getVillageCode()).isEqualTo("330102001001");
        assertThat(event.getDirection()).isEqualTo(Direction.IN);
        assertThat(event.getPersonToken()).isEqualTo(PSEUDONYMIZER.token(RAW_ID));
        assertThat(event.getPersonKind()).isEqualTo(PersonKind.RESIDENT);
        assertThat(event.getVehiclePlate()).isEqualTo(PLATE_TOKENS.token(PLATE));
        assertThat(event.getScannedAt()).isEqualTo(Instant.parse("2024-01-20T00:15:00Z"));
        assertThat(event.getTemperature().getValue()).isEqualTo(36.6);
        assertThat(event.getTemperature().getUnit()).isEqualTo(TemperatureUnit.CELSIUS);
        assertThat(event.getTemperature().getBodySite()).isEqualTo(BodySite.FOREHEAD);
        assertThat(event.getTemperature().getAmbientCelsius()).isEqualTo(4.5);
        assertThat(event.getHealthCode()).isEqualTo(HealthCodeColour.GREEN);
        assertThat(event.getTestResultAgeHours()).isEqualTo(30);
    }

    @Test
    void shouldReplaceRawPersonIdByItsTokenAndKeepNoTraceOfIt() {
        ScanEvent event = accepted(aScan().withPersonId(RAW_ID));

        assertThat(event.getPersonToken()).isEqualTo(PSEUDONYMIZER.token(RAW_ID)).hasSize(43);
        assertThat(event.toString()).doesNotContain(RAW_ID);
    }

    @Test
    void shouldKeepAGivenPersonToken() {
        ScanEvent event = accepted(aScan().withPersonToken(TOKEN));

        assertThat(event.getPersonToken()).isEqualTo(TOKEN);
    }

    @Test
    void shouldAcceptAScanWithoutAnyIdentity() {
        ScanEvent event = accepted(aScan().without("personId"));

        assertThat(event.getPersonToken()).isNull();
    }

    @Test
    void shouldAcceptEpochMillisForScannedAt() {
        ScanEvent event = accepted(aScan().with("scannedAt", 1_705_709_700_123L));

        assertThat(event.getScannedAt()).isEqualTo(Instant.ofEpochMilli(1_705_709_700_123L));
    }

    @Test
    void shouldAcceptUtcDesignatorForScannedAt() {
        ScanEvent event = accepted(aScan().with("scannedAt", "2024-01-20T00:15:00.250Z"));

        assertThat(event.getScannedAt()).isEqualTo(Instant.parse("2024-01-20T00:15:00.250Z"));
    }

    @Test
    void shouldFillSchemaDefaultsForOmittedOptionalFields() {
        ScanEvent event = accepted(aSelfScan().without("personKind").without("healthCode").without("testResultAgeHours")
                .without("villageCode"));

        assertThat(event.getSource()).isEqualTo(ScanSource.PHONE_APP);
        assertThat(event.getDirection()).isEqualTo(Direction.UNKNOWN_DIRECTION);
        assertThat(event.getPersonKind()).isEqualTo(PersonKind.UNKNOWN_PERSON);
        assertThat(event.getTemperature()).isNull();
        assertThat(event.getHealthCode()).isNull();
        assertThat(event.getVillageCode()).isNull();
        assertThat(event.getCheckpointId()).isNull();
        assertThat(event.getTestResultAgeHours()).isNull();
    }

    @Test
    void shouldDefaultTheBodySiteWhenOmitted() {
        ScanEvent event = accepted(aScan().without("temperature.bodySite").without("temperature.ambientCelsius"));

        assertThat(event.getTemperature().getBodySite()).isEqualTo(BodySite.UNKNOWN_SITE);
        assertThat(event.getTemperature().getAmbientCelsius()).isNull();
    }

    @Test
    void shouldTreatJsonNullAsAbsentForOptionalFields() {
        ScanEvent event = accepted(aScan().with("vehiclePlate", null).with("healthCode", null));

        assertThat(event.getVehiclePlate()).isNull();
        assertThat(event.getHealthCode()).isNull();
    }

    @Test
    void shouldAcceptSymbolsInAnyCase() {
        ScanEvent event = accepted(aScan().with("direction", "out").withCode("yellow").withTemperature(99.5, "f"));

        assertThat(event.getDirection()).isEqualTo(Direction.OUT);
        assertThat(event.getHealthCode()).isEqualTo(HealthCodeColour.YELLOW);
        assertThat(event.getTemperature().getUnit()).isEqualTo(TemperatureUnit.FAHRENHEIT);
    }

    @Test
    void shouldAcceptImplausibleReadingsForTheScreeningToClassifyAsDeviceFaults() {
        // a cold-weather IR reading is a device problem, not invalid JSON: screening must see it
        ScanEvent cold = accepted(aScan().withTemperature(29.5, "C"));
        ScanEvent hot = accepted(aScan().withTemperature(150.0, "F"));

        assertThat(cold.getTemperature().getValue()).isEqualTo(29.5);
        assertThat(hot.getTemperature().getValue()).isEqualTo(150.0);
    }

    static Stream<Arguments> fieldErrors() {
        return Stream.of(
                arguments(aScan().without("eventId"), "eventId", "is required"),
                arguments(aScan().with("eventId", 42), "eventId", "must be a string"),
                arguments(aScan().with("eventId", "  "), "eventId", "must not be blank"),
                arguments(aScan().without("source"), "source", "is required"),
                arguments(aScan().with("source", "SATELLITE"), "source",
                        "must be one of GATE_DEVICE, PHONE_APP, STAFF_ENTRY, CLINIC, PHARMACY"),
                arguments(aScan().with("source", "UNKNOWN_SOURCE"), "source",
                        "must be one of GATE_DEVICE, PHONE_APP, STAFF_ENTRY, CLINIC, PHARMACY"),
                arguments(aScan().without("deviceId"), "deviceId", "is required"),
                arguments(aScan().with("checkpointId", 7), "checkpointId", "must be a string"),
                arguments(aScan().with("villageCode", "33010200100"), "villageCode",
                        "must be a string of 12 digits (statistical division code)"),
                arguments(aScan().with("villageCode", "33010200100A"), "villageCode",
                        "must be a string of 12 digits (statistical division code)"),
                arguments(aScan().with("villageCode", 330102001001L), "villageCode",
                        "must be a string of 12 digits (statistical division code)"),
                arguments(aScan().with("direction", "SIDEWAYS"), "direction", "must be one of IN, OUT"),
                arguments(aScan().with("personKind", "TOURIST"), "personKind", "must be one of RESIDENT, VISITOR"),
                arguments(aScan().withPersonToken(RAW_ID), "personToken",
                        "must be a 43-character base64url HMAC token; send a raw identity as 'personId'"),
                arguments(aScan().with("personToken", TOKEN), "personId", "must not be given together with 'personToken'"),
                arguments(aScan().with("personId", 110105194912310021L), "personId", "must be a string"),
                arguments(aScan().with("personId", " "), "personId", "must not be blank"),
                arguments(aScan().without("scannedAt"), "scannedAt", "is required"),
                arguments(aScan().with("scannedAt", "2024-01-20 08:15"), "scannedAt",
                        "must be an ISO-8601 date-time with an offset (2024-01-20T08:15:00+08:00) or epoch milliseconds"),
                arguments(aScan().with("scannedAt", "2024-01-20T08:15:00"), "scannedAt",
                        "must be an ISO-8601 date-time with an offset (2024-01-20T08:15:00+08:00) or epoch milliseconds"),
                arguments(aScan().with("scannedAt", true), "scannedAt",
                        "must be an ISO-8601 date-time string or an integer of epoch milliseconds"),
                arguments(aScan().with("scannedAt", 1_705_709_700L), "scannedAt",
                        "must be between 2000-01-01T00:00:00Z and 2100-01-01T00:00:00Z (epoch values are milliseconds, not seconds or microseconds)"),
                arguments(aScan().with("scannedAt", 1_705_709_700_000_000L), "scannedAt",
                        "must be between 2000-01-01T00:00:00Z and 2100-01-01T00:00:00Z (epoch values are milliseconds, not seconds or microseconds)"),
                arguments(aScan().with("temperature", "hot"), "temperature",
                        "must be an object {value, unit, bodySite, ambientCelsius}"),
                arguments(aScan().without("temperature.value"), "temperature.value", "is required"),
                arguments(aScan().with("temperature.value", "36.6"), "temperature.value", "must be a finite number"),
                arguments(aScan().with("temperature.unit", "K"), "temperature.unit", "must be one of C, F"),
                arguments(aScan().with("temperature.unit", "CELSIUS"), "temperature.unit", "must be one of C, F"),
                arguments(aScan().without("temperature.unit"), "temperature.unit", "is required"),
                arguments(aScan().with("temperature.bodySite", "EAR"), "temperature.bodySite",
                        "must be one of FOREHEAD, WRIST, AXILLA, ORAL"),
                arguments(aScan().with("temperature.ambientCelsius", "cold"), "temperature.ambientCelsius", "must be a finite number"),
                arguments(aScan().with("temperature.sensor", "IR-2"), "temperature.sensor", "unknown field"),
                arguments(aScan().withCode("BLUE"), "healthCode", "must be one of GREEN, YELLOW, RED, UNREADABLE"),
                arguments(aScan().with("testResultAgeHours", -1), "testResultAgeHours", "must be an integer from 0 to 87600"),
                arguments(aScan().with("testResultAgeHours", 1.5), "testResultAgeHours", "must be an integer from 0 to 87600"),
                arguments(aScan().with("testResultAgeHours", "24"), "testResultAgeHours", "must be an integer from 0 to 87600"),
                arguments(aScan().with("testResultAgeHours", 87_601), "testResultAgeHours", "must be an integer from 0 to 87600"),
                arguments(aScan().with("temprature", 37.5), "temprature", "unknown field"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("fieldErrors")
    void shouldRejectNamingTheField(ScanPayloads payload, String field, String message) {
        Conversion.Rejected rejected = rejected(payload.bytes());

        assertThat(rejected.reason()).isEqualTo(RejectReason.INVALID_FIELD);
        assertThat(rejected.errors()).containsExactly(new FieldError(field, message));
    }

    @Test
    void shouldSayWhichFieldInTheDocumentedForm() {
        Conversion.Rejected rejected = rejected(aScan().with("temperature.unit", "K").bytes());

        assertThat(rejected.message()).isEqualTo("field 'temperature.unit': must be one of C, F");
    }

    @Test
    void shouldReportEveryErrorNotJustTheFirst() {
        Conversion.Rejected rejected = rejected(aScan().without("eventId").with("temperature.unit", "K").withCode("BLUE").bytes());

        assertThat(rejected.errors()).extracting(FieldError::field)
                .containsExactly("eventId", "temperature.unit", "healthCode");
    }

    @Test
    void shouldNeverEchoARawIdentityInAnError() {
        Conversion.Rejected inTokenField = rejected(aScan().withPersonToken(RAW_ID).bytes());
        Conversion.Rejected tooLong = rejected(aScan().withPersonId(RAW_ID.repeat(4)).bytes());
        Conversion.Rejected malformed = rejected(("{\"personId\":\"" + RAW_ID + "\",").getBytes(StandardCharsets.UTF_8));

        assertThat(List.of(inTokenField.message(), tooLong.message(), malformed.message())).noneMatch(m -> m.contains(RAW_ID));
    }

    @Test
    void shouldRejectMalformedJson() {
        Conversion.Rejected rejected = rejected("{\"eventId\": \"e-1\",".getBytes(StandardCharsets.UTF_8));

        assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(rejected.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("$");
            assertThat(e.message()).startsWith("not well-formed JSON (line 1, column");
        });
    }

    @Test
    void shouldRejectDuplicateKeysAsMalformed() {
        Conversion.Rejected rejected = rejected("{\"eventId\":\"a\",\"eventId\":\"b\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void shouldRejectTrailingContentAsMalformed() {
        Conversion.Rejected rejected = rejected((aScan().json() + " {}").getBytes(StandardCharsets.UTF_8));

        assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void shouldRejectAnEmptyPayload() {
        Conversion.Rejected rejected = rejected(new byte[0]);

        assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(rejected.errors()).containsExactly(new FieldError("$", "payload is empty"));
    }

    @Test
    void shouldRejectADocumentThatIsNotAnObject() {
        Conversion.Rejected rejected = rejected(("[" + aScan().json() + "]").getBytes(StandardCharsets.UTF_8));

        assertThat(rejected.reason()).isEqualTo(RejectReason.INVALID_FIELD);
        assertThat(rejected.errors()).containsExactly(new FieldError("$", "must be a JSON object"));
    }

    @Test
    void shouldConvertABatchInOrder() {
        ScanPayloads first = aScan();
        ScanPayloads second = aSelfScan();
        byte[] batch = ScanPayloads.batch(List.of(first, second)).getBytes(StandardCharsets.UTF_8);

        BatchConversion conversion = converter.convertBatch(batch, 10);

        assertThat(conversion).isInstanceOf(BatchConversion.Accepted.class);
        assertThat(((BatchConversion.Accepted) conversion).events()).extracting(ScanEvent::getEventId)
                .containsExactly(first.eventId(), second.eventId());
    }

    @Test
    void shouldRefuseTheWholeBatchListingEveryBadItem() {
        byte[] batch = ScanPayloads.batch(List.of(aScan(), aScan().with("temperature.unit", "K"), aScan(),
                aScan().without("deviceId").withCode("BLUE"))).getBytes(StandardCharsets.UTF_8);

        BatchConversion conversion = converter.convertBatch(batch, 10);

        assertThat(conversion).isInstanceOf(BatchConversion.Rejected.class);
        BatchConversion.Rejected rejected = (BatchConversion.Rejected) conversion;
        assertThat(rejected.reason()).isEqualTo(RejectReason.INVALID_FIELD);
        assertThat(rejected.items()).isEqualTo(4);
        assertThat(rejected.badItems()).isEqualTo(2);
        assertThat(rejected.errors()).extracting(BatchConversion.ItemError::toString).containsExactly(
                "item 1: field 'temperature.unit': must be one of C, F",
                "item 3: field 'deviceId': is required",
                "item 3: field 'healthCode': must be one of GREEN, YELLOW, RED, UNREADABLE");
    }

    @Test
    void shouldRefuseABatchThatIsNotAnArray() {
        BatchConversion conversion = converter.convertBatch(aScan().bytes(), 10);

        assertThat(conversion).isInstanceOfSatisfying(BatchConversion.Rejected.class, r ->
                assertThat(r.message()).isEqualTo("field '$': must be a JSON array of scans"));
    }

    @Test
    void shouldRefuseAnEmptyBatch() {
        BatchConversion conversion = converter.convertBatch("[]".getBytes(StandardCharsets.UTF_8), 10);

        assertThat(conversion).isInstanceOfSatisfying(BatchConversion.Rejected.class, r ->
                assertThat(r.message()).isEqualTo("field '$': must contain at least one scan"));
    }

    @Test
    void shouldRefuseABatchLongerThanTheLimitAsTooLarge() {
        byte[] batch = ScanPayloads.batch(List.of(aScan(), aScan(), aScan())).getBytes(StandardCharsets.UTF_8);

        BatchConversion conversion = converter.convertBatch(batch, 2);

        assertThat(conversion).isInstanceOfSatisfying(BatchConversion.Rejected.class, r ->
                assertThat(r.reason()).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE));
    }
}

package io.gatewatch.producers.json;

import io.gatewatch.schema.RejectReason;
import static io.gatewatch.producers.json.ScanPayloads.PLATE_TOKENS;
import static io.gatewatch.producers.json.ScanPayloads.PSEUDONYMIZER;
import static io.gatewatch.producers.json.ScanPayloads.RAW_ID;
import static io.gatewatch.producers.json.ScanPayloads.aScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.gatewatch.schema.TextPolicy.FieldLimits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one text policy at the JSON edge (issue 13): strict UTF-8 bodies, every text field through
 * {@code TextPolicy} with its {@code FieldLimits} limit, refused as {@code invalid_text}; and the
 * bounded answer for hostile documents.
 */
class ScanPayloadTextPolicyTest {
    private final ScanPayloadConverter converter = new ScanPayloadConverter(PSEUDONYMIZER, PLATE_TOKENS);

    private Conversion.Rejected rejected(byte[] payload) {
        Conversion conversion = converter.convert(payload);
        assertThat(conversion).as(conversion.toString()).isInstanceOf(Conversion.Rejected.class);
        return (Conversion.Rejected) conversion;
    }

    /** A valid scan whose JSON text has {@code "field":"<rawJsonString>"} spliced in as written (escapes kept). */
    private static byte[] withRawString(String field, String rawJsonString) {
        return withRawString(aScan(), field, rawJsonString);
    }

    private static byte[] withRawString(ScanPayloads base, String field, String rawJsonString) {
        String json = base.without(field).json();
        return ("{\"" + field + "\":\"" + rawJsonString + "\"," + json.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    /** A valid scan with {@code "checkpointId":"CP<bytes>X"}: raw bytes inside a string. */
    private static byte[] withCheckpointBytes(int... bytes) {
        String json = aScan().without("checkpointId").json();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"checkpointId\":\"CP".getBytes(StandardCharsets.UTF_8));
        for (int b : bytes) {
            out.write(b);
        }
        out.writeBytes(("X\"," + json.substring(1)).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static Stream<Arguments> notStrictUtf8() {
        return Stream.of(
                arguments("overlong NUL C0 80", withCheckpointBytes(0xC0, 0x80)),
                arguments("overlong slash C0 AF", withCheckpointBytes(0xC0, 0xAF)),
                arguments("overlong slash E0 80 AF", withCheckpointBytes(0xE0, 0x80, 0xAF)),
                arguments("encoded surrogate ED A0 80", withCheckpointBytes(0xED, 0xA0, 0x80)),
                arguments("above U+10FFFF F4 90 80 80", withCheckpointBytes(0xF4, 0x90, 0x80, 0x80)),
                arguments("truncated sequence E4 B8", withCheckpointBytes(0xE4, 0xB8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notStrictUtf8")
    void shouldRefuseABodyThatIsNotStrictUtf8AsInvalidText(String what, byte[] body) {
        Conversion.Rejected rejected = rejected(body);

        assertThat(rejected.reason()).isEqualTo(RejectReason.INVALID_TEXT);
        assertThat(rejected.reason().code()).isEqualTo("invalid_text");
    }

    static Stream<Arguments> wideEncodings() {
        return Stream.of(arguments("UTF-16BE"), arguments("UTF-16LE"), arguments("UTF-16"), arguments("UTF-32BE"), arguments("UTF-32LE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wideEncodings")
    void shouldRefuseAValidScanEncodedInUtf16Or32(String charset) {
        // given a scan that is valid as UTF-8
        byte[] body = aScan().json().getBytes(Charset.forName(charset));

        // when / then Jackson's encoding detection is not used
        assertThat(rejected(body).reason()).isEqualTo(RejectReason.INVALID_TEXT);
    }

    static Stream<Arguments> textViolations() {
        return Stream.of(
                arguments("NUL in checkpointId (repro 2)", withRawString("checkpointId", "CP\\u0000X"), "checkpointId"),
                arguments("control character as personId (repro 3)", withRawString("personId", "\\u0001"), "personId"),
                arguments("tab in eventId", withRawString("eventId", "e\\t1"), "eventId"),
                arguments("DEL in deviceId", withRawString("deviceId", "G1\\u007fD1"), "deviceId"),
                arguments("C1 control in vehiclePlate", withRawString("vehiclePlate", "A\\u0085B"), "vehiclePlate"),
                arguments("noncharacter in eventId", withRawString("eventId", "e-\\uffff"), "eventId"),
                arguments("lone high surrogate in personId", withRawString("personId", RAW_ID + "\\ud800"), "personId"),
                arguments("lone low surrogate in personId", withRawString("personId", "\\udc00" + RAW_ID), "personId"),
                arguments("control character in personToken", withRawString(aScan().without("personId"), "personToken", "\\u0001"), "personToken"),
                arguments("NUL in a symbol", withRawString("source", "GATE\\u0000DEVICE"), "source"),
                arguments("NUL in villageCode", withRawString("villageCode", "33010200100\\u0000"), "villageCode"),
                arguments("NUL in scannedAt", withRawString("scannedAt", "2024-01-20T08:15:00+08:00\\u0000"), "scannedAt"),
                arguments("eventId over its limit", aScan().withEventId("x".repeat(FieldLimits.ID + 1)).bytes(), "eventId"),
                arguments("personId over its limit", aScan().withPersonId("1".repeat(FieldLimits.PERSON_ID + 1)).bytes(), "personId"),
                arguments("vehiclePlate over its limit",
                        aScan().with("vehiclePlate", "A".repeat(FieldLimits.VEHICLE_PLATE + 1)).bytes(), "vehiclePlate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textViolations")
    void shouldRefuseATextFieldBreakingThePolicyAsInvalidTextNamingTheField(String what, byte[] body, String field) {
        Conversion.Rejected rejected = rejected(body);

        assertThat(rejected.reason()).isEqualTo(RejectReason.INVALID_TEXT);
        assertThat(rejected.errors()).extracting(FieldError::field).containsExactly(field);
    }

    @Test
    void shouldAcceptAPlateUpToTheSharedLimit() {
        Conversion conversion = converter.convert(aScan().with("vehiclePlate", "A".repeat(FieldLimits.VEHICLE_PLATE)).bytes());

        assertThat(conversion).isInstanceOf(Conversion.Accepted.class);
    }

    @Test
    void shouldNeverLetTwoIdsDifferingOnlyInALoneSurrogateShareAToken() {
        // given two ids that a lenient encoder would both turn into "...?"
        Conversion first = converter.convert(withRawString("personId", RAW_ID + "\\ud800"));
        Conversion second = converter.convert(withRawString("personId", RAW_ID + "\\ud801"));

        // then neither gets a token at all
        assertThat(List.of(first, second)).allSatisfy(c -> assertThat(c).isInstanceOf(Conversion.Rejected.class));
    }

    @Test
    void shouldReportTextBeforeOtherFieldErrorsInTheReason() {
        // given one text violation and one schema error
        byte[] body = withRawString("checkpointId", "CP\\u0000X");
        String json = new String(body, StandardCharsets.UTF_8).replace("\"GREEN\"", "\"BLUE\"");

        Conversion.Rejected rejected = rejected(json.getBytes(StandardCharsets.UTF_8));

        assertThat(rejected.reason()).isEqualTo(RejectReason.INVALID_TEXT);
        assertThat(rejected.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("checkpointId", "healthCode");
    }

    @Test
    void shouldAnswerADocumentOfManyUnknownFieldsWithABoundedList() {
        // given about 1 MB of 85,000 unknown fields
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 85_000; i++) {
            json.append(i == 0 ? "" : ",").append("\"f").append(Integer.toString(i, 36)).append("\":1");
        }
        byte[] body = json.append('}').toString().getBytes(StandardCharsets.UTF_8);

        // when
        Conversion.Rejected rejected = rejected(body);

        // then the first errors are listed and the rest counted
        assertThat(rejected.reason()).isEqualTo(RejectReason.INVALID_FIELD);
        assertThat(rejected.errors()).hasSize(FieldErrors.MAX_KEPT);
        assertThat(rejected.errors().get(0)).isEqualTo(new FieldError("$", "has 85000 members; a scan has at most 14"));
        assertThat(rejected.totalErrors()).isEqualTo(85_001);
        assertThat(rejected.message()).endsWith("; and " + (85_001 - FieldErrors.MAX_KEPT) + " more").hasSizeLessThan(2_000);
    }

    @Test
    void shouldBoundTheErrorsOfABatchAndCountEveryBadItem() {
        // given 100 items, each with two errors
        List<ScanPayloads> items = Stream.generate(() -> aScan().without("eventId").withCode("BLUE")).limit(100).toList();
        byte[] batch = ScanPayloads.batch(items).getBytes(StandardCharsets.UTF_8);

        // when
        BatchConversion conversion = converter.convertBatch(batch, 500);

        // then
        assertThat(conversion).isInstanceOfSatisfying(BatchConversion.Rejected.class, r -> {
            assertThat(r.errors()).hasSize(FieldErrors.MAX_KEPT);
            assertThat(r.totalErrors()).isEqualTo(200);
            assertThat(r.badItems()).isEqualTo(100);
            assertThat(r.message()).endsWith("; and 180 more");
        });
    }

    @Test
    void shouldRefuseABatchItemBreakingTheTextPolicyAsInvalidText() {
        String batch = "[" + aScan().json() + "," + new String(withRawString("personId", "\\u0001"), StandardCharsets.UTF_8) + "]";

        BatchConversion conversion = converter.convertBatch(batch.getBytes(StandardCharsets.UTF_8), 10);

        assertThat(conversion).isInstanceOfSatisfying(BatchConversion.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.INVALID_TEXT);
            assertThat(r.errors()).extracting(BatchConversion.ItemError::item).containsExactly(1);
        });
    }

    @Test
    void shouldRefuseABatchThatIsNotStrictUtf8AsInvalidText() {
        byte[] batch = ("[" + aScan().json() + "]").getBytes(StandardCharsets.UTF_16LE);

        BatchConversion conversion = converter.convertBatch(batch, 10);

        assertThat(conversion).isInstanceOfSatisfying(BatchConversion.Rejected.class, r ->
                assertThat(r.reason()).isEqualTo(RejectReason.INVALID_TEXT));
    }

    static Stream<Arguments> unechoableNames() {
        return Stream.of(arguments(RAW_ID), arguments("110105194912310"), arguments("id-" + RAW_ID), arguments("p\u00e9rsonId"),
                arguments("x".repeat(65)), arguments("a b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unechoableNames")
    void shouldNeverEchoAnUnknownFieldNameThatIsNotAPlainName(String name) {
        Conversion.Rejected rejected = rejected(aScan().with(name, "x").bytes());

        assertThat(rejected.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("$");
            assertThat(e.message()).startsWith("unknown field (name not shown");
        });
        assertThat(rejected.message()).doesNotContain(name);
    }
}

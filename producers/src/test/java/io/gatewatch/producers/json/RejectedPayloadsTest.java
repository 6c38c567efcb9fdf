package io.gatewatch.producers.json;

import io.gatewatch.schema.RejectReason;
import static io.gatewatch.producers.json.ScanPayloads.PSEUDONYMIZER;
import static io.gatewatch.producers.json.ScanPayloads.RAW_ID;
import static io.gatewatch.producers.json.ScanPayloads.aScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RejectedPayloadsTest {

    private static String text(RejectedPayloads.Kept kept) {
        return new String(kept.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldKeepTheOriginalBytesWhenTheyHoldNoRawIdentity() {
        byte[] original = aScan().withPersonToken(PSEUDONYMIZER.token(RAW_ID)).without("vehiclePlate")
                .with("temperature.unit", "K").bytes();

        RejectedPayloads.Kept kept = RejectedPayloads.keep(original, RejectReason.INVALID_FIELD);

        assertThat(kept.value()).isSameAs(original);
        assertThat(kept.redaction()).isNull();
    }

    @Test
    void shouldRedactARawPersonIdAndKeepTheRest() {
        byte[] original = aScan().withPersonId(RAW_ID).with("temperature.unit", "K").bytes();

        RejectedPayloads.Kept kept = RejectedPayloads.keep(original, RejectReason.INVALID_FIELD);

        assertThat(text(kept)).doesNotContain(RAW_ID).contains("\"personId\":\"[redacted]\"").contains("\"unit\":\"K\"");
        assertThat(kept.redaction()).isEqualTo(RejectedPayloads.REDACTION_FIELDS);
    }

    @Test
    void shouldRedactARawIdentitySentAsPersonToken() {
        byte[] original = aScan().withPersonToken(RAW_ID).bytes();

        RejectedPayloads.Kept kept = RejectedPayloads.keep(original, RejectReason.INVALID_FIELD);

        assertThat(text(kept)).doesNotContain(RAW_ID).contains("\"personToken\":\"[redacted]\"");
    }

    @Test
    void shouldRedactAPersonIdNestedAnywhere() {
        byte[] original = aScan().without("personId").with("temperature.personId", RAW_ID).bytes();

        RejectedPayloads.Kept kept = RejectedPayloads.keep(original, RejectReason.INVALID_FIELD);

        assertThat(text(kept)).doesNotContain(RAW_ID);
    }

    static Stream<Arguments> payloadsDroppedWhole() {
        return Stream.of(
                arguments("malformed JSON that mentions a personId",
                        ("{\"personId\":\"" + RAW_ID + "\",").getBytes(StandardCharsets.UTF_8), RejectReason.MALFORMED_JSON),
                arguments("malformed JSON with unicode escapes that could spell a personId",
                        ("{\"person\\u0049d\":\"" + RAW_ID + "\",").getBytes(StandardCharsets.UTF_8), RejectReason.MALFORMED_JSON),
                arguments("an oversized payload", aScan().bytes(), RejectReason.PAYLOAD_TOO_LARGE),
                arguments("a body that is not strict UTF-8", aScan().json().getBytes(StandardCharsets.UTF_16LE), RejectReason.INVALID_TEXT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloadsDroppedWhole")
    void shouldDropTheWholePayload(String payload, byte[] original, RejectReason reason) {
        RejectedPayloads.Kept kept = RejectedPayloads.keep(original, reason);

        assertThat(kept.value()).isNull();
        assertThat(kept.redaction()).isEqualTo(RejectedPayloads.REDACTION_PAYLOAD);
    }

    @Test
    void shouldNeverKeepMalformedJsonRawButSayItsSize() {
        // given malformed JSON that names no identity field at all
        byte[] original = "{\"eventId\":\"e-1\",".getBytes(StandardCharsets.UTF_8);

        // when
        RejectedPayloads.Kept kept = RejectedPayloads.keep(original, RejectReason.MALFORMED_JSON);

        // then only its size is kept
        assertThat(kept.value()).isNull();
        assertThat(kept.redaction()).isEqualTo(RejectedPayloads.REDACTION_PAYLOAD);
        assertThat(kept.note()).isEqualTo("payload of " + original.length + " bytes not kept");
    }

    static Stream<Arguments> identityLikeNames() {
        return Stream.of("personId", "personid", "PersonId", "PERSONID", "person_id", "person-id", "Person ID", "idNumber",
                "id_number", "id_card", "idcard", "IDCard", "identity", "identityNo", "sfzh", "SFZ", "vehiclePlate", "plate",
                "licensePlate", "passportNo", "phone", "mobile", "name").map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identityLikeNames")
    void shouldRedactAnIdentityLikeFieldNameWhateverItsCaseOrSeparators(String name) {
        // given a raw identity (not shaped like an id number) under an identity-like name
        byte[] original = aScan().without("personId").with(name, "Zhang San 1101").bytes();

        // when
        RejectedPayloads.Kept kept = RejectedPayloads.keep(original, RejectReason.INVALID_FIELD);

        // then
        assertThat(text(kept)).doesNotContain("Zhang San 1101").contains(RejectedPayloads.REDACTED);
        assertThat(kept.redaction()).isEqualTo(RejectedPayloads.REDACTION_FIELDS);
    }

    @Test
    void shouldRedactAnIdentityNumberUnderAnInnocentName() {
        byte[] original = aScan().without("personId").with("deviceId", RAW_ID).with("note", "id 1101 0519 4912 3100 2X").bytes();

        RejectedPayloads.Kept kept = RejectedPayloads.keep(original, RejectReason.INVALID_FIELD);

        assertThat(text(kept)).doesNotContain(RAW_ID).doesNotContain("1101 0519").contains("\"eventId\"");
    }

    @Test
    void shouldRedactAnIdentityNumberSentAsANumber() {
        byte[] original = aScan().without("personId").with("extra", 110105194912310021L).bytes();

        RejectedPayloads.Kept kept = RejectedPayloads.keep(original, RejectReason.INVALID_FIELD);

        assertThat(text(kept)).doesNotContain("110105194912310021");
    }

    @Test
    void shouldRenameAFieldWhoseNameIsAnIdentityNumber() {
        // given a device that keys the payload by the raw identity number (repro 5)
        byte[] original = aScan().without("personId").with(RAW_ID, "VISITOR").bytes();

        // when
        RejectedPayloads.Kept kept = RejectedPayloads.keep(original, RejectReason.INVALID_FIELD);

        // then
        assertThat(text(kept)).doesNotContain(RAW_ID).contains("\"[redacted-name-1]\":\"[redacted]\"");
    }

    @Test
    void shouldRedactAnIdentityWrittenWithUnicodeEscapes() {
        // given "personId" and the id spelled with \\u escapes in well-formed JSON
        String escapedId = RAW_ID.chars().mapToObj(c -> String.format("\\u%04x", c)).reduce("", String::concat);
        byte[] original = ("{\"person\\u0049d\":\"" + escapedId + "\",\"other\":\"" + escapedId + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        // when
        RejectedPayloads.Kept kept = RejectedPayloads.keep(original, RejectReason.INVALID_FIELD);

        // then neither the escaped nor the decoded form survives
        assertThat(text(kept)).doesNotContain(RAW_ID).doesNotContain(escapedId);
    }

    @Test
    void shouldDropMalformedJsonHoldingAnIdCard() {
        byte[] original = ("{\"idcard\":\"" + RAW_ID + "\",").getBytes(StandardCharsets.UTF_8);

        RejectedPayloads.Kept kept = RejectedPayloads.keep(original, RejectReason.MALFORMED_JSON);

        assertThat(kept.value()).isNull();
        assertThat(kept.note()).doesNotContain(RAW_ID);
    }

    @Test
    void shouldKeepAWellShapedPersonToken() {
        String token = PSEUDONYMIZER.token(RAW_ID);
        byte[] original = aScan().withPersonToken(token).with("temperature.unit", "K").bytes();

        RejectedPayloads.Kept kept = RejectedPayloads.keep(original, RejectReason.INVALID_FIELD);

        assertThat(text(kept)).contains(token);
    }

    @Test
    void shouldRedactADocumentThatIsABareIdentityNumber() {
        byte[] original = ("\"" + RAW_ID + "\"").getBytes(StandardCharsets.UTF_8);

        RejectedPayloads.Kept kept = RejectedPayloads.keep(original, RejectReason.INVALID_FIELD);

        assertThat(text(kept)).isEqualTo("\"[redacted]\"");
    }
}

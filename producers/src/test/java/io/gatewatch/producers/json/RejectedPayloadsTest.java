package io.gatewatch.producers.json;

import static io.gatewatch.producers.json.ScanPayloads.PSEUDONYMIZER;
import static io.gatewatch.producers.json.ScanPayloads.RAW_ID;
import static io.gatewatch.producers.json.ScanPayloads.aScan;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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

    @Test
    void shouldDropMalformedJsonThatMentionsAPersonId() {
        byte[] original = ("{\"personId\":\"" + RAW_ID + "\",").getBytes(StandardCharsets.UTF_8);

        RejectedPayloads.Kept kept = RejectedPayloads.keep(original, RejectReason.MALFORMED_JSON);

        assertThat(kept.value()).isNull();
        assertThat(kept.redaction()).isEqualTo(RejectedPayloads.REDACTION_PAYLOAD);
    }

    @Test
    void shouldDropMalformedJsonWithUnicodeEscapesThatCouldSpellAPersonId() {
        byte[] original = ("{\"person\\u0049d\":\"" + RAW_ID + "\",").getBytes(StandardCharsets.UTF_8);

        RejectedPayloads.Kept kept = RejectedPayloads.keep(original, RejectReason.MALFORMED_JSON);

        assertThat(kept.value()).isNull();
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

    @Test
    void shouldDropAnOversizedPayload() {
        RejectedPayloads.Kept kept = RejectedPayloads.keep(aScan().bytes(), RejectReason.PAYLOAD_TOO_LARGE);

        assertThat(kept.value()).isNull();
        assertThat(kept.redaction()).isEqualTo(RejectedPayloads.REDACTION_PAYLOAD);
    }
}

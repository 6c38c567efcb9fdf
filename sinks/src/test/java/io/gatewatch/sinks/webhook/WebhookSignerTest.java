package io.gatewatch.sinks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void shouldSignWithHmacSha256AsLowerCaseHex() {
        // RFC 4231, test case 2
        WebhookSigner signer = new WebhookSigner("Jefe");

        String signature = signer.sign("what do ya want for nothing?".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void shouldVerifyOnlyTheExactBody() {
        WebhookSigner signer = new WebhookSigner("s3cret");
        byte[] body = "{\"alertId\":\"E1/FEVER\"}".getBytes(StandardCharsets.UTF_8);
        String signature = signer.sign(body);

        assertThat(signer.verify(body, signature)).isTrue();
        assertThat(signer.verify("{\"alertId\":\"E2/FEVER\"}".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        assertThat(new WebhookSigner("other").verify(body, signature)).isFalse();
        assertThat(signer.verify(body, null)).isFalse();
    }
}

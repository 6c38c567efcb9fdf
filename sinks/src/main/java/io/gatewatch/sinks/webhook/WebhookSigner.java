package io.gatewatch.sinks.webhook;

import io.gatewatch.schema.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies: {@value #SIGNATURE_HEADER}: {@code sha256=<lower-case hex of
 * HMAC-SHA256(secret, raw body bytes)>}. A receiver recomputes the HMAC over the exact bytes it
 * received and compares in constant time ({@link #verify}).
 */
final class WebhookSigner {
    public static final String SIGNATURE_HEADER = "X-GateWatch-Signature";
    public static final String TIMESTAMP_HEADER = "X-GateWatch-Timestamp";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    public static final String ALERT_TYPE_HEADER = "X-GateWatch-Alert-Type";
    public static final String PREFIX = "sha256=";
    private static final String ALGORITHM = HmacSha256.ALGORITHM;

    private final SecretKeySpec key;

    public WebhookSigner(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a webhook secret is required");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The header value for {@code body}: {@code sha256=<hex>}. */
    public String sign(byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac().doFinal(body));
    }

    /** Whether {@code header} is the signature of {@code body}, compared in constant time. */
    public boolean verify(byte[] body, String header) {
        return header != null && MessageDigest.isEqual(sign(body).getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.US_ASCII));
    }

    private Mac mac() {
        return HmacSha256.mac(key);
    }
}

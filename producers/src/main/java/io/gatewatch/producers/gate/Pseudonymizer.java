package io.gatewatch.producers.gate;

import io.gatewatch.schema.HmacSha256;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns an identity number into a stable pseudonymous token at the edge, so raw identities never
 * reach Kafka: {@code base64url(HMAC-SHA256(secret, normalised id))}, 43 characters, no padding.
 *
 * <p>The identity is normalised first (trimmed, upper-cased: a trailing 'x' check digit and 'X'
 * give the same token). The same secret across a deployment makes tokens comparable across gates,
 * which repeat detection needs; without the secret a token cannot be reversed by enumerating ids.
 * Thread-safe.
 */
public final class Pseudonymizer {
    private static final String ALGORITHM = HmacSha256.ALGORITHM;
    static final int MIN_SECRET_BYTES = 16;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public Pseudonymizer(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("pseudonymisation secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /**
     * The token for an identity number.
     *
     * @throws IllegalArgumentException when the identity is blank or not encodable text (the
     *     message never contains it); callers at an edge check {@code TextPolicy} first
     */
    public String token(String identity) {
        String normalised = Objects.requireNonNull(identity, "identity").trim().toUpperCase(Locale.ROOT);
        if (normalised.isEmpty()) {
            throw new IllegalArgumentException("identity is blank");
        }
        byte[] digest = macs.get().doFinal(strictUtf8(normalised));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static byte[] strictUtf8(String text) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("identity is not valid text (unpaired surrogate)");
        }
    }

    private Mac newMac() {
        return HmacSha256.mac(key);
    }
}

package io.gatewatch.schema;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256, the one keyed hash GateWatch uses: person and plate tokens (pseudonymisation at the
 * edge) and webhook signatures. A {@link Mac} is not thread-safe; callers keep one per thread or
 * make a new one per use.
 */
public final class HmacSha256 {
    public static final String ALGORITHM = "HmacSHA256";

    private HmacSha256() {}

    /** A new MAC keyed with {@code key} (the bytes are copied). */
    public static Mac mac(byte[] key) {
        return mac(new SecretKeySpec(key, ALGORITHM));
    }

    /** A new MAC keyed with {@code key}. */
    public static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}

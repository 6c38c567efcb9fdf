package io.gatewatch.producers.gate;

import io.gatewatch.schema.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns a vehicle plate into a pseudonymous token at the edge, the way {@link Pseudonymizer} does
 * identity numbers, so a plate — which names its keeper as surely as an identity number — never
 * reaches Kafka in the clear: {@code base64url(HMAC-SHA256(plateKey, normalised plate))}, 43
 * characters, the shape {@code PersonTokens} checks.
 *
 * <p>The plate key is derived from the deployment secret ({@code pseudonym.secret}) under the label
 * {@value #KEY_LABEL}: {@code plateKey = HMAC-SHA256(secret, label)}. One secret to configure and
 * rotate, yet a plate token never equals a person token for the same text, and the label's version
 * lets the derivation change without reusing old tokens. The plate is normalised first (spaces,
 * {@code ·}, {@code -} and {@code .} dropped, upper-cased), so {@code 浙A·12345} and
 * {@code 浙a 12345} give one token and vehicles are still counted once per plate. Thread-safe.
 */
public final class PlateTokens {
    /** The derivation label: changing it changes every plate token. */
    public static final String KEY_LABEL = "gatewatch/vehicle-plate/v1";

    private static final Pattern SEPARATORS = Pattern.compile("[\\s·\\-.]+");

    private final Pseudonymizer hmac;

    /** Plate tokens for a deployment secret (at least 16 bytes, as for {@link Pseudonymizer}). */
    public PlateTokens(byte[] secret) {
        if (Objects.requireNonNull(secret, "secret").length < Pseudonymizer.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("pseudonymisation secret must be at least " + Pseudonymizer.MIN_SECRET_BYTES + " bytes");
        }
        this.hmac = new Pseudonymizer(derive(secret));
    }

    /**
     * The token for a plate.
     *
     * @throws IllegalArgumentException when the plate is blank once separators are dropped, or not
     *     encodable text (the message never contains it)
     */
    public String token(String plate) {
        String compact = SEPARATORS.matcher(Objects.requireNonNull(plate, "plate")).replaceAll("");
        if (compact.isEmpty()) {
            throw new IllegalArgumentException("plate is blank");
        }
        return hmac.token(compact);
    }

    /** The token for a plate, or null for no plate (a scan on foot). */
    public String tokenOrNull(String plate) {
        return plate == null ? null : token(plate);
    }

    private static byte[] derive(byte[] secret) {
        return HmacSha256.mac(secret).doFinal(KEY_LABEL.getBytes(StandardCharsets.UTF_8));
    }
}

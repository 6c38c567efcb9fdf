package io.gatewatch.schema;

/**
 * The shape of a person token: {@code base64url(HMAC-SHA256(secret, id))} without padding, i.e.
 * exactly 43 characters of {@code [A-Za-z0-9_-]}. Screening checks it for records that reach Kafka
 * without passing the edge, so a raw identity sent as a "token" never reaches state stores or
 * downstream topics. Plate tokens ({@code PlateTokens}, keyed under their own label) have the same
 * shape and are checked with {@link #isToken} too. Checked without a regex: it runs for every scan.
 */
public final class PersonTokens {
    /** Characters in a token: 32 HMAC bytes in unpadded base64url. */
    public static final int LENGTH = 43;

    private PersonTokens() {}

    /** Whether {@code token} has the shape of a person token (not whether it is anyone's). */
    public static boolean isToken(String token) {
        if (token == null || token.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}

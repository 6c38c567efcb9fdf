package io.gatewatch.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/**
 * Checks an {@code Authorization: Basic <base64(user:password)>} header (RFC 7617) against the
 * configured users, as Confluent Schema Registry clients send it ({@code basic.auth.user.info}).
 * Only SHA-256 digests of the passwords are kept; a presented password is digested and compared
 * with {@link MessageDigest#isEqual} (constant time), and an unknown user is compared against a
 * dummy digest, so the answer's timing tells neither which users exist nor how much of a password
 * matched. Immutable.
 */
public final class BasicCredentials {
    private static final String SCHEME = "basic ";
    private static final byte[] NO_USER = digest("no such user: compared anyway, so timing does not tell");

    private final Map<String, byte[]> digestsByUser = new HashMap<>();

    /** Passwords by user name. */
    public BasicCredentials(Map<String, Password> passwords) {
        passwords.forEach((user, password) -> digestsByUser.put(user, digest(password.value())));
    }

    /** The user of an Authorization header value, or empty when missing, malformed, unknown or with a wrong password. */
    public Optional<String> authenticate(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Optional.empty();
        }
        String userInfo;
        try {
            userInfo = new String(Base64.getDecoder().decode(authorization.substring(SCHEME.length()).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = userInfo.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String user = userInfo.substring(0, colon);
        byte[] expected = digestsByUser.getOrDefault(user, NO_USER);
        boolean matches = MessageDigest.isEqual(expected, digest(userInfo.substring(colon + 1)));
        return matches && expected != NO_USER ? Optional.of(user) : Optional.empty();
    }

    static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}

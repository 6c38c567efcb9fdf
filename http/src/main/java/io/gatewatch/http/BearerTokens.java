package io.gatewatch.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/**
 * Maps an {@code Authorization: Bearer <token>} header to the principal the token belongs to (an
 * ingest client, a report reader). Only SHA-256 digests of the tokens are kept, and a presented
 * token is looked up by its digest, so neither timing nor a heap dump reveals a token. The header
 * is read strictly (RFC 6750 token68 characters only): a token with a trailing NUL, a control
 * character or inner whitespace is no token, never "the same token, trimmed". Immutable.
 *
 * @param <P> the principal type
 */
public final class BearerTokens<P> {
    private static final String SCHEME = "bearer ";

    private final Map<ByteBuffer, P> principalsByDigest = new HashMap<>();

    /** Tokens by principal; two principals sharing a token is a configuration error found earlier. */
    public BearerTokens(Map<P, Password> tokens) {
        tokens.forEach((principal, token) -> principalsByDigest.put(digest(token.value()), principal));
    }

    /** The principal of an Authorization header value, or empty when missing, malformed or unknown. */
    public Optional<P> authenticate(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Optional.empty();
        }
        String token = stripSpaces(authorization.substring(SCHEME.length()));
        if (token.isEmpty() || !isToken68(token)) {
            return Optional.empty();
        }
        return Optional.ofNullable(principalsByDigest.get(digest(token)));
    }

    private static String stripSpaces(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == ' ') {
            end--;
        }
        return text.substring(start, end);
    }

    /** RFC 6750 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
    public static boolean isToken68(String token) {
        int i = 0;
        int n = token.length();
        while (i < n) {
            char c = token.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
            if (!allowed) {
                break;
            }
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < n && token.charAt(i) == '=') {
            i++;
        }
        return i == n;
    }

    private static ByteBuffer digest(String token) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}

package io.gatewatch.producers.http;

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
 * Maps an {@code Authorization: Bearer <token>} header to the {@link IngestClient} it belongs to.
 * Only SHA-256 digests of the tokens are kept, and a presented token is compared by its digest, so
 * neither the time taken nor a heap dump reveals a token. Thread-safe (immutable).
 */
final class BearerAuthenticator {
    private static final String SCHEME = "bearer ";

    private final Map<ByteBuffer, IngestClient> clientsByDigest = new HashMap<>();

    BearerAuthenticator(Map<String, Password> tokens, Iterable<IngestClient> clients) {
        for (IngestClient client : clients) {
            Password token = tokens.get(client.id());
            if (token == null) {
                throw new IllegalArgumentException("no token for client " + client.id());
            }
            clientsByDigest.put(digest(token.value()), client);
        }
    }

    /** The client for an Authorization header value, or empty when missing, malformed or unknown. */
    Optional<IngestClient> authenticate(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Optional.empty();
        }
        String token = authorization.substring(SCHEME.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.ofNullable(clientsByDigest.get(digest(token)));
    }

    private static ByteBuffer digest(String token) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}

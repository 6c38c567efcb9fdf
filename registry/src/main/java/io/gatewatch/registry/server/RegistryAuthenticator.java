package io.gatewatch.registry.server;

import io.gatewatch.http.BasicCredentials;
import io.gatewatch.http.BearerTokens;
import io.gatewatch.registry.server.EmbeddedSchemaRegistryConfig.AuthenticationMethod;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who is calling the registry, from the {@code Authorization} header, by the configured
 * {@link AuthenticationMethod}: anyone with NONE, a user and secret with BASIC, a user's secret
 * as the token with BEARER. Secrets are held as SHA-256 digests only (see {@link BasicCredentials},
 * {@link BearerTokens}).
 */
final class RegistryAuthenticator {
    private final Function<String, Optional<String>> users;
    private final String challenge;

    private RegistryAuthenticator(Function<String, Optional<String>> users, String challenge) {
        this.users = users;
        this.challenge = challenge;
    }

    static RegistryAuthenticator of(EmbeddedSchemaRegistryConfig config) {
        return switch (config.authenticationMethod()) {
            case NONE -> new RegistryAuthenticator(authorization -> Optional.of("anonymous"), "");
            case BASIC -> new RegistryAuthenticator(new BasicCredentials(config.secrets())::authenticate,
                    "Basic realm=\"SchemaRegistry\"");
            case BEARER -> new RegistryAuthenticator(new BearerTokens<>(config.secrets())::authenticate,
                    "Bearer realm=\"SchemaRegistry\"");
        };
    }

    /** The user a request authenticated as, or empty: answer 401. */
    Optional<String> authenticate(String authorization) {
        return users.apply(authorization);
    }

    /** The {@code WWW-Authenticate} challenge of a 401. */
    String challenge() {
        return challenge;
    }
}

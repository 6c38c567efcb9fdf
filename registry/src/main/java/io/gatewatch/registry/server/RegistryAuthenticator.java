package io.gatewatch.registry.server;

import io.gatewatch.http.BasicCredentials;
import io.gatewatch.http.BearerTokens;
import io.gatewatch.registry.server.EmbeddedSchemaRegistryConfig.AuthenticationMethod;
import java.util.Optional;

/**
 * Who is calling the registry, from the {@code Authorization} header, by the configured
 * {@link AuthenticationMethod}: anyone with NONE, a user and secret with BASIC, a user's secret
 * as the token with BEARER. Secrets are held as SHA-256 digests only (see {@link BasicCredentials},
 * {@link BearerTokens}).
 */
abstract sealed class RegistryAuthenticator {
    /** The user a request authenticated as, or empty: answer 401. */
    abstract Optional<String> authenticate(String authorization);

    /** The {@code WWW-Authenticate} challenge of a 401. */
    abstract String challenge();

    static RegistryAuthenticator of(EmbeddedSchemaRegistryConfig config) {
        return switch (config.authenticationMethod()) {
            case NONE -> new Anyone();
            case BASIC -> new Basic(new BasicCredentials(config.secrets()));
            case BEARER -> new Bearer(new BearerTokens<>(config.secrets()));
        };
    }

    private static final class Anyone extends RegistryAuthenticator {
        @Override
        Optional<String> authenticate(String authorization) {
            return Optional.of("anonymous");
        }

        @Override
        String challenge() {
            return "";
        }
    }

    private static final class Basic extends RegistryAuthenticator {
        private final BasicCredentials users;

        Basic(BasicCredentials users) {
            this.users = users;
        }

        @Override
        Optional<String> authenticate(String authorization) {
            return users.authenticate(authorization);
        }

        @Override
        String challenge() {
            return "Basic realm=\"SchemaRegistry\"";
        }
    }

    private static final class Bearer extends RegistryAuthenticator {
        private final BearerTokens<String> tokens;

        Bearer(BearerTokens<String> tokens) {
            this.tokens = tokens;
        }

        @Override
        Optional<String> authenticate(String authorization) {
            return tokens.authenticate(authorization);
        }

        @Override
        String challenge() {
            return "Bearer realm=\"SchemaRegistry\"";
        }
    }
}

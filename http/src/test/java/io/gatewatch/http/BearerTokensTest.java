package io.gatewatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class BearerTokensTest {
    private final BearerTokens<String> tokens = new BearerTokens<>(Map.of("app", new Password("app-token-0123456789")));

    @Test
    void shouldFindThePrincipalOfAKnownToken() {
        assertThat(tokens.authenticate("Bearer app-token-0123456789")).contains("app");
    }

    @Test
    void shouldAcceptTheSchemeInAnyCase() {
        assertThat(tokens.authenticate("bearer app-token-0123456789")).contains("app");
    }

    @Test
    void shouldRefuseMissingMalformedAndUnknownCredentials() {
        assertThat(tokens.authenticate(null)).isEmpty();
        assertThat(tokens.authenticate("Bearer ")).isEmpty();
        assertThat(tokens.authenticate("Basic YXBwOnRva2Vu")).isEmpty();
        assertThat(tokens.authenticate("app-token-0123456789")).isEmpty();
        assertThat(tokens.authenticate("Bearer app-token-0123456780")).isEmpty();
    }

    @Test
    void shouldRefuseAKnownTokenFollowedByANul() {
        assertThat(tokens.authenticate("Bearer app-token-0123456789\u0000")).isEmpty();
    }

    @Test
    void shouldRefuseAKnownTokenWithControlCharactersAround() {
        assertThat(tokens.authenticate("Bearer \tapp-token-0123456789")).isEmpty();
        assertThat(tokens.authenticate("Bearer app-token-0123456789\u000b")).isEmpty();
    }
}

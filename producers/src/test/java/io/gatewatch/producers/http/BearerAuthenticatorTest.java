package io.gatewatch.producers.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.ScanSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class BearerAuthenticatorTest {
    private static final IngestClient APP = new IngestClient("app", Set.of(ScanSource.PHONE_APP));
    private final BearerAuthenticator authenticator = new BearerAuthenticator(
            Map.of("app", new Password("app-token-0123456789")), List.of(APP));

    @Test
    void shouldFindTheClientOfAKnownToken() {
        assertThat(authenticator.authenticate("Bearer app-token-0123456789")).contains(APP);
    }

    @Test
    void shouldAcceptTheSchemeInAnyCase() {
        assertThat(authenticator.authenticate("bearer app-token-0123456789")).contains(APP);
    }

    @Test
    void shouldRefuseMissingMalformedAndUnknownCredentials() {
        assertThat(authenticator.authenticate(null)).isEmpty();
        assertThat(authenticator.authenticate("Bearer ")).isEmpty();
        assertThat(authenticator.authenticate("Basic YXBwOnRva2Vu")).isEmpty();
        assertThat(authenticator.authenticate("app-token-0123456789")).isEmpty();
        assertThat(authenticator.authenticate("Bearer app-token-0123456780")).isEmpty();
    }
}

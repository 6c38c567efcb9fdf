package io.gatewatch.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class BasicCredentialsTest {
    private final BasicCredentials users = new BasicCredentials(Map.of("streams", new Password("streams-secret-0123456789")));

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldFindTheUserOfMatchingCredentials() {
        assertThat(users.authenticate(basic("streams:streams-secret-0123456789"))).contains("streams");
    }

    @Test
    void shouldAcceptTheSchemeInAnyCase() {
        assertThat(users.authenticate(basic("streams:streams-secret-0123456789").replace("Basic", "BASIC"))).contains("streams");
    }

    @Test
    void shouldKeepColonsInsideThePassword() {
        BasicCredentials withColon = new BasicCredentials(Map.of("sink", new Password("pass:with:colons-0123")));

        assertThat(withColon.authenticate(basic("sink:pass:with:colons-0123"))).contains("sink");
    }

    @Test
    void shouldRefuseAWrongPasswordAnUnknownUserAndMalformedHeaders() {
        assertThat(users.authenticate(basic("streams:streams-secret-0123456780"))).isEmpty();
        assertThat(users.authenticate(basic("streams:"))).isEmpty();
        assertThat(users.authenticate(basic("nobody:streams-secret-0123456789"))).isEmpty();
        assertThat(users.authenticate(basic("streams-secret-0123456789"))).isEmpty();
        assertThat(users.authenticate(basic(":streams-secret-0123456789"))).isEmpty();
        assertThat(users.authenticate("Basic not*base64")).isEmpty();
        assertThat(users.authenticate("Bearer streams-secret-0123456789")).isEmpty();
        assertThat(users.authenticate("Basic ")).isEmpty();
        assertThat(users.authenticate(null)).isEmpty();
    }
}

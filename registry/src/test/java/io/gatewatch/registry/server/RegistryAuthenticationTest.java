package io.gatewatch.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.http.SelfSignedCertificates;
import io.gatewatch.registry.CachedSchemaRegistryClient;
import io.gatewatch.registry.RegistryClientConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry behind BASIC or bearer authentication and TLS, as Confluent's clients reach a secured registry. */
class RegistryAuthenticationTest {
    private static final Schema PROBE = new Schema.Parser().parse("""
            {"type":"record","name":"Probe","namespace":"io.gatewatch.test","fields":[{"name":"a","type":"string"}]}""");
    private static final String STREAMS_SECRET = "streams-secret-0123456789";

    private static Map<String, Object> users(String method) {
        return EmbeddedSchemaRegistry.onAnyFreePort(Map.of("authentication.method", method, "authentication.users", "streams,sink",
                "authentication.user.streams.secret", STREAMS_SECRET, "authentication.user.sink.secret", "sink-secret-0123456789"));
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldAnswer401InConfluentShapeWithABasicChallengeWithoutCredentials() {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(users("BASIC"))) {
            RawHttp.Reply reply = new RawHttp(registry.url()).get("/subjects");

            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.errorCode()).isEqualTo(401);
            assertThat(reply.challenge()).isEqualTo("Basic realm=\"SchemaRegistry\"");
        }
    }

    @Test
    void shouldServeAUserWithTheRightSecretAndRefuseAWrongOne() {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(users("BASIC"))) {
            RawHttp http = new RawHttp(registry.url());

            assertThat(http.authorizedAs(basic("streams:" + STREAMS_SECRET)).get("/subjects").status()).isEqualTo(200);
            assertThat(http.authorizedAs(basic("streams:sink-secret-0123456789")).get("/subjects").status()).isEqualTo(401);
            assertThat(http.authorizedAs("Bearer " + STREAMS_SECRET).get("/subjects").status()).isEqualTo(401);
        }
    }

    @Test
    void shouldLetTheRegistryClientRegisterWithBasicAuthUserInfo() {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(users("BASIC"))) {
            CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(new RegistryClientConfig(Map.of(
                    "schema.registry.url", registry.url(), "basic.auth.credentials.source", "USER_INFO",
                    "basic.auth.user.info", "streams:" + STREAMS_SECRET)));

            int id = client.register("probe-value", PROBE);

            assertThat(client.getById(id)).isEqualTo(PROBE);
        }
    }

    @Test
    void shouldServeABearerTokenAndRefuseBasicCredentialsWhenBearerIsConfigured() {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(users("BEARER"))) {
            RawHttp http = new RawHttp(registry.url());

            assertThat(http.authorizedAs("Bearer " + STREAMS_SECRET).get("/subjects").status()).isEqualTo(200);
            RawHttp.Reply refused = http.authorizedAs(basic("streams:" + STREAMS_SECRET)).get("/subjects");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.challenge()).isEqualTo("Bearer realm=\"SchemaRegistry\"");
        }
    }

    @Test
    void shouldRefuseToStartWithAuthenticationButNoUsersOrAShortSecret() {
        assertThatThrownBy(() -> new EmbeddedSchemaRegistryConfig(Map.of("authentication.method", "BASIC")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("authentication.users");
        assertThatThrownBy(() -> new EmbeddedSchemaRegistryConfig(Map.of("authentication.method", "BASIC",
                "authentication.users", "streams", "authentication.user.streams.secret", "short")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("authentication.user.streams.secret")
                .hasMessageNotContaining("short");
    }

    @Test
    void shouldServeHttpsWithTheSharedTlsSettings(@TempDir Path dir) {
        SelfSignedCertificates server = SelfSignedCertificates.generate(dir, "registry");
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.onAnyFreePort(Map.of(
                "http.tls.keystore.location", server.pkcs12().toString(), "http.tls.keystore.password", server.password())))) {
            RawHttp.Reply reply = new RawHttp(registry.url()).over(SelfSignedCertificates.clientContext(null, server)).get("/subjects");

            assertThat(registry.url()).startsWith("https://127.0.0.1:");
            assertThat(reply.status()).isEqualTo(200);
        }
    }
}

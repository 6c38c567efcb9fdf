package io.gatewatch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.gatewatch.embedded.FreePorts;
import io.gatewatch.registry.StubHttpServer.Answer;
import io.gatewatch.serde.AvroDeserializer;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against misbehaving registries and proxies (scripted stub servers on loopback):
 * retries only what is retriable, bounded, with capped exponential back-off; failover across
 * URLs; non-JSON error bodies typed with status and snippet; timeouts; basic auth headers.
 */
class RegistryClientResilienceTest {
    private static final Schema STRING = Schema.create(Schema.Type.STRING);
    private static final String SUBJECT = "gatewatch.scans-key";

    private final List<StubHttpServer> stubs = new ArrayList<>();
    private final List<Long> sleeps = new ArrayList<>();

    @AfterEach
    void stopStubs() {
        stubs.forEach(StubHttpServer::close);
    }

    @Test
    void shouldRetry503UntilTheRegistryAnswers() {
        StubHttpServer registry = stub().thenAnswer(Answer.html(503, "busy"), Answer.html(503, "busy"));
        CachedSchemaRegistryClient client = client(Map.of("schema.registry.url", registry.url(), "max.retries", 3,
                "retries.wait.ms", 100, "retries.max.wait.ms", 1000));

        int id = client.register(SUBJECT, STRING);

        assertThat(id).isEqualTo(1);
        assertThat(registry.requestCount()).isEqualTo(3);
        assertThat(sleeps).containsExactly(100L, 200L);
    }

    @Test
    void shouldGiveUpAfterMaxRetriesWithATypedErrorCarryingTheStatusAndASnippet() {
        StubHttpServer proxy = stub().otherwiseAnswer(Answer.html(502, "<html><body><h1>502 Bad Gateway</h1>\n</body></html>"));
        CachedSchemaRegistryClient client = client(Map.of("schema.registry.url", proxy.url(), "max.retries", 2,
                "retries.wait.ms", 100, "retries.max.wait.ms", 150));

        assertThatThrownBy(() -> client.register(SUBJECT, STRING))
                .isInstanceOfSatisfying(SchemaRegistryException.UnexpectedResponse.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("502 Bad Gateway").contains(proxy.url());
                });
        assertThat(proxy.requestCount()).isEqualTo(3);
        assertThat(sleeps).containsExactly(100L, 150L);
    }

    @Test
    void shouldSurfaceAConfluentServerErrorCodeAfterRetrying() {
        StubHttpServer registry = stub().otherwiseAnswer(Answer.json(500, "{\"error_code\": 50001, \"message\": \"store down\"}"));
        CachedSchemaRegistryClient client = client(Map.of("schema.registry.url", registry.url(), "max.retries", 1));

        assertThatThrownBy(() -> client.register(SUBJECT, STRING))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(50001))
                .hasMessageContaining("store down");
        assertThat(registry.requestCount()).isEqualTo(2);
    }

    @Test
    void shouldRetry408And429() {
        StubHttpServer registry = stub().thenAnswer(Answer.html(408, ""), Answer.json(429, "{}"));
        CachedSchemaRegistryClient client = client(Map.of("schema.registry.url", registry.url(), "max.retries", 2));

        assertThat(client.register(SUBJECT, STRING)).isEqualTo(1);
        assertThat(registry.requestCount()).isEqualTo(3);
    }

    @Test
    void shouldNotRetryAConfluentClientError() {
        StubHttpServer registry = stub().otherwiseAnswer(Answer.json(404, "{\"error_code\": 40401, \"message\": \"Subject not found\"}"));
        CachedSchemaRegistryClient client = client(Map.of("schema.registry.url", registry.url(), "max.retries", 5));

        assertThatThrownBy(() -> client.getVersions(SUBJECT)).isInstanceOf(SchemaRegistryException.SubjectNotFound.class);
        assertThat(registry.requestCount()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void shouldTypeANonJson404FromAProxyByItsStatusWithoutRetrying() {
        StubHttpServer proxy = stub().otherwiseAnswer(Answer.html(404, "<html>no such route</html>"));
        CachedSchemaRegistryClient client = client(Map.of("schema.registry.url", proxy.url(), "max.retries", 5));

        assertThatThrownBy(() -> client.getById(4))
                .isInstanceOfSatisfying(SchemaRegistryException.UnexpectedResponse.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(404))
                .hasMessageContaining("no such route");
        assertThat(proxy.requestCount()).isEqualTo(1);
    }

    @Test
    void shouldReadAPlain409AsIncompatible() {
        StubHttpServer proxy = stub().otherwiseAnswer(Answer.html(409, "Conflict"));
        CachedSchemaRegistryClient client = client(Map.of("schema.registry.url", proxy.url()));

        assertThatThrownBy(() -> client.register(SUBJECT, STRING)).isInstanceOf(SchemaRegistryException.IncompatibleSchema.class);
    }

    @Test
    void shouldAcceptBoth409And40901AsIncompatible() {
        StubHttpServer registry = stub().thenAnswer(
                Answer.json(409, "{\"error_code\": 409, \"message\": \"Schema being registered is incompatible\"}"),
                Answer.json(409, "{\"error_code\": 40901, \"message\": \"Incompatible schema\"}"));
        CachedSchemaRegistryClient client = client(Map.of("schema.registry.url", registry.url()));

        assertThatThrownBy(() -> client.register(SUBJECT, STRING)).isInstanceOf(SchemaRegistryException.IncompatibleSchema.class);
        assertThatThrownBy(() -> client.register(SUBJECT, STRING)).isInstanceOf(SchemaRegistryException.IncompatibleSchema.class);
    }

    @Test
    void shouldTypeANonJsonSuccessBody() {
        StubHttpServer proxy = stub().otherwiseAnswer(Answer.html(200, "<html>login page</html>"));
        CachedSchemaRegistryClient client = client(Map.of("schema.registry.url", proxy.url()));

        assertThatThrownBy(() -> client.getSubjects())
                .isInstanceOfSatisfying(SchemaRegistryException.UnexpectedResponse.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(200))
                .hasMessageContaining("login page");
    }

    @Test
    void shouldFailOverToTheNextUrlWithoutWaitingAndStayThere() {
        StubHttpServer broken = stub().otherwiseAnswer(Answer.html(503, "down"));
        StubHttpServer healthy = stub();
        CachedSchemaRegistryClient client = client(Map.of("schema.registry.url", broken.url() + "," + healthy.url(),
                "max.retries", 3));

        client.register(SUBJECT, STRING);
        client.register("other-key", STRING);

        assertThat(broken.requestCount()).isEqualTo(1);
        assertThat(healthy.requestCount()).isEqualTo(2);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void shouldFailOverPastARegistryThatRefusesConnections() {
        StubHttpServer healthy = stub();
        CachedSchemaRegistryClient client = client(Map.of("schema.registry.url", "http://127.0.0.1:" + closedPort() + "," + healthy.url()));

        assertThat(client.register(SUBJECT, STRING)).isEqualTo(1);
        assertThat(healthy.requestCount()).isEqualTo(1);
    }

    @Test
    void shouldReportUnreachableAfterEveryUrlFailedEveryRound() {
        CachedSchemaRegistryClient client = client(Map.of("schema.registry.url",
                "http://127.0.0.1:" + closedPort() + ",http://127.0.0.1:" + closedPort(), "max.retries", 2,
                "retries.wait.ms", 10));

        assertThatThrownBy(() -> client.getSubjects())
                .isInstanceOfSatisfying(SchemaRegistryException.Unreachable.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.NO_RESPONSE))
                .hasMessageContaining("after 6 attempts");
        assertThat(sleeps).containsExactly(10L, 20L);
    }

    @Test
    void shouldTimeOutARegistryThatNeverAnswers() {
        StubHttpServer silent = stub().holdRequests();
        CachedSchemaRegistryClient client = client(Map.of("schema.registry.url", silent.url(), "http.read.timeout.ms", 200,
                "max.retries", 1));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> client.getById(1))
                .isInstanceOf(SchemaRegistryException.Unreachable.class)
                .hasCauseInstanceOf(HttpTimeoutException.class));
        assertThat(silent.requestCount()).isEqualTo(2);
    }

    @Test
    void shouldSendBasicAuthFromUserInfo() {
        StubHttpServer registry = stub();
        CachedSchemaRegistryClient client = client(Map.of("schema.registry.url", registry.url(),
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "gate:s3cret"));

        client.register(SUBJECT, STRING);

        assertThat(registry.requests().get(0).authorization()).isEqualTo("Basic Z2F0ZTpzM2NyZXQ=");
    }

    @Test
    void shouldSendBasicAuthFromTheUrlAndNeverPrintTheSecret() {
        StubHttpServer registry = stub().otherwiseAnswer(Answer.html(400, "nope"));
        String url = registry.url().replace("http://", "http://gate:s3cret@");
        CachedSchemaRegistryClient client = client(Map.of("schema.registry.url", url));

        assertThatThrownBy(() -> client.getSubjects()).hasMessageNotContaining("s3cret");
        assertThat(registry.requests().get(0).authorization()).isEqualTo("Basic Z2F0ZTpzM2NyZXQ=");
    }

    @Test
    void shouldSpeakConfluentContentTypesUnderABasePath() {
        StubHttpServer apicurioLike = stub();
        CachedSchemaRegistryClient client = client(Map.of("schema.registry.url", apicurioLike.url() + "/apis/ccompat/v7/"));

        client.register("odd/subject", STRING);

        StubHttpServer.Request request = apicurioLike.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/apis/ccompat/v7/subjects/odd%2Fsubject/versions");
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.accept()).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(request.body()).isEqualTo("{\"schema\":\"\\\"string\\\"\"}");
    }

    @Test
    void shouldGiveTheDeserializerASerializationExceptionNamingTheIdWhenTheRegistryIsDown() {
        CachedSchemaRegistryClient client = client(Map.of("schema.registry.url", "http://127.0.0.1:" + closedPort(),
                "max.retries", 0));
        AvroDeserializer<String> deserializer = new AvroDeserializer<>(client, String.class);

        assertThatThrownBy(() -> deserializer.deserialize("gatewatch.scans", new byte[] {0, 0, 0, 0, 42, 2, 'x'}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("gatewatch.scans").hasMessageContaining("schema id 42");
    }

    @Test
    void shouldCapTheExponentialBackoff() {
        assertThat(RegistryRestTransport.backoffMs(1, 100, 1_000)).isEqualTo(100);
        assertThat(RegistryRestTransport.backoffMs(2, 100, 1_000)).isEqualTo(200);
        assertThat(RegistryRestTransport.backoffMs(4, 100, 1_000)).isEqualTo(800);
        assertThat(RegistryRestTransport.backoffMs(5, 100, 1_000)).isEqualTo(1_000);
        assertThat(RegistryRestTransport.backoffMs(100, 100, 1_000)).isEqualTo(1_000);
        assertThat(RegistryRestTransport.backoffMs(64, Long.MAX_VALUE / 2, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }

    private StubHttpServer stub() {
        StubHttpServer stub = StubHttpServer.start();
        stubs.add(stub);
        return stub;
    }

    private CachedSchemaRegistryClient client(Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(Map.of("retries.wait.ms", 50, "http.connect.timeout.ms", 2_000));
        config.putAll(settings);
        return new CachedSchemaRegistryClient(new RegistryClientConfig(config), System::nanoTime, sleeps::add);
    }

    private static int closedPort() {
        return FreePorts.loopback();
    }
}

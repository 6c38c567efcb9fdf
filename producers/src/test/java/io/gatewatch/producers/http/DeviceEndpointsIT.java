package io.gatewatch.producers.http;

import static io.gatewatch.producers.http.IngestHttp.APP_TOKEN;
import static io.gatewatch.producers.http.IngestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.schema.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator's device registry on the ingest server, over real HTTP against a real broker. */
class DeviceEndpointsIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final String OPERATOR_TOKEN = "operator-token-0123456789abcdef";
    private static final String EAST_GATE = """
            {"checkpointId": "CP-EAST", "villageCode": "330106001001", "unit": "F", "calibrationOffsetCelsius": 0.1,
             "kind": "GATE", "name": "东村卡口"}""";

    private static HttpIngestServer server;
    private static IngestHttp http;

    @BeforeAll
    static void start() {
        KAFKA.createTopic(Topics.SCANS, 1);
        KAFKA.createTopic(Topics.DEVICES, 1);
        Map<String, Object> props = IngestHttp.serverConfig(KAFKA.bootstrapServers(), "mock://device-endpoints-it");
        props.put(HttpIngestConfig.OPERATOR_TOKEN, OPERATOR_TOKEN);
        server = HttpIngestServer.start(new HttpIngestConfig(props), new SimpleMeterRegistry());
        http = new IngestHttp(server.uri());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build());
    }

    @Test
    void shouldRegisterShowUpdateAndRetireADevice() {
        HttpResponse<String> created = call("PUT", "/v1/devices/dev-east-1", OPERATOR_TOKEN, EAST_GATE);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).path("unit").asText()).isEqualTo("F");

        HttpResponse<String> again = call("PUT", "/v1/devices/dev-east-1", OPERATOR_TOKEN, EAST_GATE);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).path("updatedAt").asText()).isEqualTo(json(created).path("updatedAt").asText());

        JsonNode shown = json(call("GET", "/v1/devices/dev-east-1", OPERATOR_TOKEN, null));
        assertThat(shown.path("checkpointId").asText()).isEqualTo("CP-EAST");
        assertThat(shown.path("name").asText()).isEqualTo("东村卡口");
        assertThat(shown.path("kind").asText()).isEqualTo("GATE");
        assertThat(shown.path("calibrationOffsetCelsius").asDouble()).isEqualTo(0.1);
        assertThat(shown.path("retired").asBoolean()).isFalse();

        assertThat(call("DELETE", "/v1/devices/dev-east-1", OPERATOR_TOKEN, null).statusCode()).isEqualTo(204);
        assertThat(json(call("GET", "/v1/devices/dev-east-1", OPERATOR_TOKEN, null)).path("retired").asBoolean()).isTrue();
        JsonNode list = json(call("GET", "/v1/devices", OPERATOR_TOKEN, null));
        assertThat(list.findValuesAsText("deviceId")).contains("dev-east-1");
    }

    @Test
    void shouldRefuseAnInvalidDeviceNamingTheFieldAndRegisterNothing() {
        HttpResponse<String> refused = call("PUT", "/v1/devices/dev-bad-2", OPERATOR_TOKEN, EAST_GATE.replace("\"F\"", "\"K\""));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).path("errors").get(0).path("field").asText()).isEqualTo("unit");
        assertThat(call("GET", "/v1/devices/dev-bad-2", OPERATOR_TOKEN, null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswerOnlyTheOperator() {
        assertThat(call("GET", "/v1/devices", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/v1/devices", APP_TOKEN, null).statusCode()).isEqualTo(401);
        assertThat(call("PUT", "/v1/devices/dev-x", APP_TOKEN, EAST_GATE).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/v1/devices", OPERATOR_TOKEN, EAST_GATE).statusCode()).isEqualTo(405);
    }
}

package io.gatewatch.producers.http;

import static io.gatewatch.producers.http.IngestHttp.APP_TOKEN;
import static io.gatewatch.producers.http.IngestHttp.CLINIC_TOKEN;
import static io.gatewatch.producers.http.IngestHttp.json;
import static io.gatewatch.producers.json.ScanPayloads.PSEUDONYMIZER;
import static io.gatewatch.producers.json.ScanPayloads.RAW_ID;
import static io.gatewatch.producers.json.ScanPayloads.aScan;
import static io.gatewatch.producers.http.IngestHttp.aSelfScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.producers.json.IngestCounts;
import io.gatewatch.producers.json.KafkaTopicReader;
import io.gatewatch.producers.json.ScanPayloads;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP ingest over real HTTP against a real KRaft broker in this JVM. */
class HttpIngestServerIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final String REGISTRY = "mock://http-ingest-it";
    private static final int MAX_REQUEST_BYTES = 16_384;

    private static SimpleMeterRegistry meters;
    private static HttpIngestServer server;
    private static IngestHttp http;
    private static KafkaTopicReader scans;

    @BeforeAll
    static void start() throws Exception {
        KAFKA.createTopic(Topics.SCANS, 1);
        KAFKA.createTopic(Topics.SCANS_REJECTED, 1);
        Map<String, Object> props = IngestHttp.serverConfig(KAFKA.bootstrapServers(), REGISTRY);
        props.put(HttpIngestConfig.MAX_REQUEST_BYTES, MAX_REQUEST_BYTES);
        props.put(HttpIngestConfig.BATCH_MAX_RECORDS, 5);
        meters = new SimpleMeterRegistry();
        server = HttpIngestServer.start(new HttpIngestConfig(props), meters);
        http = new IngestHttp(server.uri());
        scans = new KafkaTopicReader(KAFKA.bootstrapServers(), Topics.SCANS, REGISTRY);
        await().atMost(Duration.ofSeconds(10)).until(server::isReady);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (scans != null) {
            scans.close();
        }
    }

    private static double count(String outcome) {
        return IngestCounts.requests(meters, "http", outcome);
    }

    /** Posts a valid scan and waits for it: everything posted before it on the same partition is on Kafka by then. */
    private static void postMarkerAndAwaitIt() {
        ScanPayloads marker = aSelfScan();
        assertThat(http.post(HttpIngestServer.SCANS_PATH, APP_TOKEN, marker.json()).statusCode()).isEqualTo(202);
        scans.awaitScan(marker.eventId());
    }

    @Test
    void shouldAnswer202OnlyOnceTheScanIsOnKafka() {
        // given
        ScanPayloads scan = aSelfScan();

        // when
        HttpResponse<String> response = http.post(HttpIngestServer.SCANS_PATH, APP_TOKEN, scan.json());

        // then
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).path("accepted").asInt()).isEqualTo(1);
        assertThat(json(response).path("eventIds").get(0).asText()).isEqualTo(scan.eventId());
        ScanEvent written = scans.awaitScan(scan.eventId());
        assertThat(written.getSource()).isEqualTo(ScanSource.PHONE_APP);
        assertThat(written.getDeviceId()).isEqualTo("app-client-7");
    }

    @Test
    void shouldRefuseAnInvalidScanWith400NamingTheField() {
        // given
        ScanPayloads invalid = aSelfScan().with("temperature.value", 37.9).with("temperature.unit", "K");

        // when
        HttpResponse<String> response = http.post(HttpIngestServer.SCANS_PATH, APP_TOKEN, invalid.json());

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.path("error").asText()).isEqualTo("invalid_field");
        assertThat(body.path("errors")).hasSize(1);
        assertThat(body.path("errors").get(0).path("field").asText()).isEqualTo("temperature.unit");
        assertThat(body.path("errors").get(0).path("message").asText()).isEqualTo("must be one of C, F");
        postMarkerAndAwaitIt();
        assertThat(scans.seenScans()).extracting(ScanEvent::getEventId).doesNotContain(invalid.eventId());
    }

    @Test
    void shouldRefuseMalformedJsonWith400() {
        HttpResponse<String> response = http.post(HttpIngestServer.SCANS_PATH, APP_TOKEN, "{\"eventId\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).isEqualTo("malformed_json");
    }

    @Test
    void shouldWriteEveryScanOfAValidBatch() {
        List<ScanPayloads> batch = List.of(aSelfScan(), aSelfScan(), aSelfScan());

        HttpResponse<String> response = http.post(HttpIngestServer.BATCH_PATH, APP_TOKEN, ScanPayloads.batch(batch));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).path("accepted").asInt()).isEqualTo(3);
        batch.forEach(scan -> scans.awaitScan(scan.eventId()));
    }

    @Test
    void shouldRefuseTheWholeBatchListingEveryBadItemAndWriteNothing() {
        // given a batch whose items 1 and 2 are invalid
        List<ScanPayloads> batch = List.of(aSelfScan(), aSelfScan().without("scannedAt"), aSelfScan().withCode("BLUE"));

        // when
        HttpResponse<String> response = http.post(HttpIngestServer.BATCH_PATH, APP_TOKEN, ScanPayloads.batch(batch));

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode errors = json(response).path("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).path("item").asInt()).isEqualTo(1);
        assertThat(errors.get(0).path("field").asText()).isEqualTo("scannedAt");
        assertThat(errors.get(1).path("item").asInt()).isEqualTo(2);
        assertThat(errors.get(1).path("field").asText()).isEqualTo("healthCode");
        postMarkerAndAwaitIt();
        assertThat(scans.seenScans()).extracting(ScanEvent::getEventId)
                .doesNotContainAnyElementsOf(batch.stream().map(ScanPayloads::eventId).toList());
    }

    @Test
    void shouldAnswer401WithoutAValidToken() {
        HttpResponse<String> missing = http.post(HttpIngestServer.SCANS_PATH, null, aSelfScan().json());
        HttpResponse<String> wrong = http.post(HttpIngestServer.SCANS_PATH, "not-a-token-of-any-client", aSelfScan().json());

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"gatewatch\"");
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void shouldAnswer403ForASourceTheClientMayNotSend() {
        // the clinic's token may send CLINIC and PHARMACY, not PHONE_APP
        HttpResponse<String> response = http.post(HttpIngestServer.SCANS_PATH, CLINIC_TOKEN, aSelfScan().json());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).path("errors").get(0).path("field").asText()).isEqualTo("source");
    }

    @Test
    void shouldAcceptAClinicReportFromTheClinicClient() {
        ScanPayloads report = aSelfScan().with("source", "CLINIC").with("deviceId", "clinic-7")
                .with("temperature", ScanPayloads.aScan().node().get("temperature"));

        HttpResponse<String> response = http.post(HttpIngestServer.SCANS_PATH, CLINIC_TOKEN, report.json());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(scans.awaitScan(report.eventId()).getSource()).isEqualTo(ScanSource.CLINIC);
    }

    @Test
    void shouldAnswer413ForABodyOverTheLimit() {
        String tooBig = aSelfScan().with("vehiclePlate", "x".repeat(MAX_REQUEST_BYTES)).json();

        HttpResponse<String> response = http.post(HttpIngestServer.SCANS_PATH, APP_TOKEN, tooBig);

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void shouldAnswer413ForABatchWithTooManyScans() {
        List<ScanPayloads> batch = List.of(aSelfScan(), aSelfScan(), aSelfScan(), aSelfScan(), aSelfScan(), aSelfScan());

        HttpResponse<String> response = http.post(HttpIngestServer.BATCH_PATH, APP_TOKEN, ScanPayloads.batch(batch));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).path("error").asText()).isEqualTo("payload_too_large");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "text/plain                      | 415",
        "application/jsonp               | 415", // the media type must match exactly
        "application/json; charset=UTF-8 | 202"})
    void shouldAcceptJsonAndOnlyJson(String contentType, int status) {
        HttpResponse<String> response = http.post(HttpIngestServer.SCANS_PATH, APP_TOKEN, contentType, aSelfScan().json());

        assertThat(response.statusCode()).isEqualTo(status);
    }

    @Test
    void shouldAnswer404And405ForWhatIsNotAnEndpoint() {
        assertThat(http.get("/v2/scans").statusCode()).isEqualTo(404);
        HttpResponse<String> getScans = http.get(HttpIngestServer.SCANS_PATH);
        assertThat(getScans.statusCode()).isEqualTo(405);
        assertThat(getScans.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void shouldReportHealthAndReadiness() {
        HttpResponse<String> health = http.get(HttpIngestServer.HEALTH_PATH);
        HttpResponse<String> ready = http.get(HttpIngestServer.READY_PATH);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).path("status").asText()).isEqualTo("UP");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).path("status").asText()).isEqualTo("READY");
    }

    @Test
    void shouldPseudonymiseTheRawPersonIdAndNeverWriteIt() {
        // given a scan carrying a raw identity number
        ScanPayloads scan = aSelfScan().withPersonId(RAW_ID);

        // when
        HttpResponse<String> response = http.post(HttpIngestServer.SCANS_PATH, APP_TOKEN, scan.json());

        // then the token is on Kafka, and the raw id is in no key, value or header
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(scans.awaitScan(scan.eventId()).getPersonToken()).isEqualTo(PSEUDONYMIZER.token(RAW_ID));
        String raw = RAW_ID;
        assertThat(scans.seen()).allSatisfy(r -> {
            assertThat(new String(r.value(), StandardCharsets.ISO_8859_1)).doesNotContain(raw);
            assertThat(new String(r.key(), StandardCharsets.ISO_8859_1)).doesNotContain(raw);
            assertThat(r.headers().toArray()).allSatisfy(h ->
                    assertThat(new String(h.value(), StandardCharsets.ISO_8859_1)).doesNotContain(raw));
        });
        assertThat(response.body()).doesNotContain(raw);
    }

    @Test
    void shouldAcceptAScanAndAnswerHealthWhile32ConnectionsHangHalfwayThroughTheirHeaders() {
        // given 32 clients that start a request and never finish its headers (4 such blocked the JDK server)
        List<RawHttp> halfOpen = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 32; i++) {
                halfOpen.add(new RawHttp(server.uri()).send("POST /v1/scans HTTP/1.1\r\nHost: x\r\n"));
            }
            ScanPayloads scan = aSelfScan();

            // when
            HttpResponse<String> accepted = http.post(HttpIngestServer.SCANS_PATH, APP_TOKEN, scan.json());
            HttpResponse<String> health = http.get(HttpIngestServer.HEALTH_PATH);

            // then
            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(health.statusCode()).isEqualTo(200);
        } finally {
            halfOpen.forEach(RawHttp::close);
        }
    }

    @Test
    void shouldAnswer400ForATruncatedChunkedBody() {
        try (RawHttp raw = new RawHttp(server.uri())) {
            int status = raw.send("POST /v1/scans HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + APP_TOKEN
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n{\"eventId\":").endOfInput().status();

            assertThat(status).isEqualTo(400);
        }
    }

    @Test
    void shouldAnswer400ForAnInvalidChunkedBodyAndCountItAsInvalid() {
        double invalid = count("invalid");
        double failed = count("failed");
        try (RawHttp raw = new RawHttp(server.uri())) {
            String answer = raw.send("POST /v1/scans HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + APP_TOKEN
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n").answer();

            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer).contains("malformed_body");
        }
        assertThat(count("invalid")).isEqualTo(invalid + 1);
        assertThat(count("failed")).isEqualTo(failed);
    }

    @Test
    void shouldRefuseABearerTokenWithATrailingNul() {
        String body = aSelfScan().json();
        try (RawHttp raw = new RawHttp(server.uri())) {
            int status = raw.send("POST /v1/scans HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + APP_TOKEN + "\u0000"
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n\r\n").send(body.getBytes(StandardCharsets.UTF_8)).status();

            assertThat(status).isBetween(400, 401);
        }
    }

    @Test
    void shouldListAtMostTwentyErrorsWithTheirCount() {
        // given a scan with 30 unknown fields
        ScanPayloads scan = aSelfScan();
        for (int i = 0; i < 30; i++) {
            scan = scan.with("unknown" + i, i);
        }

        // when
        HttpResponse<String> response = http.post(HttpIngestServer.SCANS_PATH, APP_TOKEN, scan.json());

        // then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("errors").size()).isLessThanOrEqualTo(JsonBodies.MAX_LISTED_ERRORS);
        assertThat(json(response).path("errorCount").asInt()).isGreaterThanOrEqualTo(30); // each unknown field, and what else the converter finds
    }

    @Test
    void shouldRefuseAFiveDayOldScanWithTheScreeningsReason() {
        ScanPayloads stale = aSelfScan().with("scannedAt", System.currentTimeMillis() - Duration.ofDays(5).toMillis());

        HttpResponse<String> response = http.post(HttpIngestServer.SCANS_PATH, APP_TOKEN, stale.json());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).isEqualTo("stale_timestamp");
    }

    @Test
    void shouldRefuseAClinicScanWithoutAVillage() {
        ScanPayloads report = aSelfScan().with("source", "CLINIC").with("deviceId", "clinic-7").without("villageCode");

        HttpResponse<String> response = http.post(HttpIngestServer.SCANS_PATH, CLINIC_TOKEN, report.json());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).isEqualTo("missing_village");
    }

    @Test
    void shouldRefuseAWholeBatchWhenOneScanWouldBeRefusedByScreening() {
        List<ScanPayloads> batch = List.of(aSelfScan(), aSelfScan().with("scannedAt", System.currentTimeMillis() + Duration.ofHours(2).toMillis()));

        HttpResponse<String> response = http.post(HttpIngestServer.BATCH_PATH, APP_TOKEN, ScanPayloads.batch(batch));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).isEqualTo("future_timestamp");
        assertThat(json(response).path("errors").get(0).path("field").asText()).startsWith("[1]");
    }

    @Test
    void shouldCountRequestsByOutcome() {
        double accepted = count("accepted");
        double invalid = count("invalid");
        double unauthorized = count("unauthorized");

        http.post(HttpIngestServer.SCANS_PATH, APP_TOKEN, aSelfScan().json());
        http.post(HttpIngestServer.SCANS_PATH, APP_TOKEN, aSelfScan().without("eventId").json());
        http.post(HttpIngestServer.SCANS_PATH, null, aSelfScan().json());

        assertThat(count("accepted")).isGreaterThanOrEqualTo(accepted + 1);
        assertThat(count("invalid")).isGreaterThanOrEqualTo(invalid + 1);
        assertThat(count("unauthorized")).isGreaterThanOrEqualTo(unauthorized + 1);
    }
}

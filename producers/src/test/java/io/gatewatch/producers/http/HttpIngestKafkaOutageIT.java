package io.gatewatch.producers.http;

import static io.gatewatch.producers.http.IngestHttp.APP_TOKEN;
import static io.gatewatch.producers.http.IngestHttp.json;
import static io.gatewatch.producers.http.IngestHttp.aSelfScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.producers.json.KafkaTopicReader;
import io.gatewatch.producers.json.ScanPayloads;
import io.gatewatch.schema.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Back-pressure and Kafka outages over real HTTP: tiny in-flight limits give 429, a stopped broker
 * gives 503, both with Retry-After; readiness follows Kafka and the ingest recovers when it returns.
 */
class HttpIngestKafkaOutageIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    private static final String REGISTRY = "mock://http-outage-it";

    private static HttpIngestServer server;
    private static IngestHttp http;

    @BeforeAll
    static void start() throws Exception {
        KAFKA.createTopic(Topics.SCANS, 1);
        Map<String, Object> props = IngestHttp.serverConfig(KAFKA.bootstrapServers(), REGISTRY);
        props.put(HttpIngestConfig.MAX_INFLIGHT_REQUESTS, 2);
        props.put(HttpIngestConfig.MAX_INFLIGHT_RECORDS, 2);
        props.put(HttpIngestConfig.BATCH_MAX_RECORDS, 2);
        // long enough that the first request still waits while the test, on a loaded machine, fills the slots
        props.put(HttpIngestConfig.ACK_TIMEOUT_MS, 10_000L);
        props.put(HttpIngestConfig.RETRY_AFTER_THROTTLED_SECONDS, 1);
        props.put(HttpIngestConfig.RETRY_AFTER_UNAVAILABLE_SECONDS, 2);
        props.put("kafka.producer.max.block.ms", 1_000);
        props.put("kafka.producer.request.timeout.ms", 1_000);
        props.put("kafka.producer.delivery.timeout.ms", 12_000);
        server = HttpIngestServer.start(new HttpIngestConfig(props), new SimpleMeterRegistry());
        http = new IngestHttp(server.uri());
        await().atMost(Duration.ofSeconds(10)).until(server::isReady);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldThrottleWith429AndFailWith503WhileKafkaIsDownThenRecover() throws Exception {
        // given a warm producer (metadata known), then Kafka gone
        assertThat(http.post(HttpIngestServer.SCANS_PATH, APP_TOKEN, aSelfScan().json()).statusCode()).isEqualTo(202);
        KAFKA.broker().stop();

        // when a request waits for Kafka (1 of 2 requests, 1 of 2 scans in flight)
        CompletableFuture<HttpResponse<String>> first = http.postAsync(HttpIngestServer.SCANS_PATH, APP_TOKEN, aSelfScan().json());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.inFlightRecords() == 1);

        // then a batch of two no longer fits the scans in flight: 429
        HttpResponse<String> batch = http.post(HttpIngestServer.BATCH_PATH, APP_TOKEN,
                ScanPayloads.batch(List.of(aSelfScan(), aSelfScan())));
        assertThat(batch.statusCode()).isEqualTo(429);
        assertThat(batch.headers().firstValue("Retry-After")).hasValue("1");

        // and with a second request waiting too, a third finds no request slot: 429
        CompletableFuture<HttpResponse<String>> second = http.postAsync(HttpIngestServer.SCANS_PATH, APP_TOKEN, aSelfScan().json());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.inFlightRequests() == 2);
        HttpResponse<String> third = http.post(HttpIngestServer.SCANS_PATH, APP_TOKEN, aSelfScan().json());
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(json(third).path("message").asText()).startsWith("too many requests in flight");

        // and the waiting requests get 503 once the ack timeout passes
        HttpResponse<String> unavailable = first.get();
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(second.get().statusCode()).isEqualTo(503);
        assertThat(http.get(HttpIngestServer.READY_PATH).statusCode()).isEqualTo(503);

        // when Kafka returns, readiness and ingest recover
        KAFKA.broker().restart();
        await().atMost(Duration.ofSeconds(20)).until(() -> http.get(HttpIngestServer.READY_PATH).statusCode() == 200);
        ScanPayloads afterwards = aSelfScan();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                http.post(HttpIngestServer.SCANS_PATH, APP_TOKEN, afterwards.json()).statusCode() == 202);
        try (KafkaTopicReader scans = new KafkaTopicReader(KAFKA.bootstrapServers(), Topics.SCANS, REGISTRY)) {
            scans.awaitScan(afterwards.eventId());
        }
    }
}

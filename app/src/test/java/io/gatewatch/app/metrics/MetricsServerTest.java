package io.gatewatch.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.app.metrics.PrometheusText.Exposition;
import io.gatewatch.app.metrics.PrometheusText.Sample;
import io.gatewatch.schema.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public class MetricsServerTest {
    /** Label names GateWatch meters may carry: the fixed, low-cardinality sets of MetricNames. */
    public static final Set<String> ALLOWED_GATEWATCH_LABELS =
            Set.of("process", "source", "outcome", "type", "severity", "reason", "window", "final", "table", "channel", "le", "quantile");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Health health = new Health();
    private ProcessMetrics metrics;
    private MetricsServer server;

    @BeforeEach
    void start() {
        metrics = new ProcessMetrics("test");
        server = MetricsServer.start("127.0.0.1", 0, metrics.registry(), health);
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeGateWatchMetersInValidExpositionFormat() throws Exception {
        // Given GateWatch meters as the engines register them
        Counter.builder(MetricNames.SCANS).tag("source", "GATE_DEVICE").tag("outcome", "fever").register(metrics.registry()).increment(3);
        Timer.builder(MetricNames.ALERT_LATENCY).tag("type", "FEVER").publishPercentileHistogram()
                .register(metrics.registry()).record(Duration.ofMinutes(90));

        // When Prometheus scrapes over HTTP
        HttpResponse<String> response = get("/metrics");

        // Then the body parses strictly and carries the meters under their Prometheus names
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain; version=0.0.4"));
        Exposition exposition = PrometheusText.parse(response.body());
        assertThat(exposition.named("gatewatch_scans_total"))
                .singleElement()
                .satisfies(s -> assertThat(s.labels()).containsEntry("source", "GATE_DEVICE").containsEntry("outcome", "fever")
                        .containsEntry("process", "test"))
                .satisfies(s -> assertThat(s.value()).isEqualTo(3.0));
        // fixed buckets: an upload 90 minutes late still lands below +Inf, and the series stay few
        assertThat(exposition.named("gatewatch_alert_latency_seconds_bucket"))
                .hasSize(ProcessMetrics.ALERT_LATENCY_BUCKETS.length + 1)
                .anySatisfy(s -> assertThat(s.labels()).containsEntry("le", "21600.0"))
                .filteredOn(s -> s.labels().get("le").equals("3600.0")).singleElement()
                .satisfies(s -> assertThat(s.value()).isZero());
        assertThat(exposition.named("gatewatch_alert_latency_seconds_count")).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo(1.0));
    }

    @Test
    void shouldCarryNoPersonalDataLabelsOnGateWatchMeters() throws Exception {
        Counter.builder(MetricNames.ALERTS).tag("type", "FEVER").tag("severity", "HIGH").register(metrics.registry()).increment();

        Exposition exposition = PrometheusText.parse(get("/metrics").body());

        assertThat(exposition.withPrefix("gatewatch_")).isNotEmpty().allSatisfy((Sample s) ->
                assertThat(s.labels().keySet()).as(s.name()).isSubsetOf(ALLOWED_GATEWATCH_LABELS));
    }

    @Test
    void shouldBindJvmMetrics() throws Exception {
        Exposition exposition = PrometheusText.parse(get("/metrics").body());

        assertThat(exposition.types()).containsKeys("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_usage",
                "jvm_classes_loaded_classes", "process_uptime_seconds");
    }

    @Test
    void shouldAnswerOpenMetricsWhenAsked() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/openmetrics-text"));
        assertThat(response.body()).endsWith("# EOF\n");
    }

    @Test
    void shouldReportLivenessAndReadinessSeparately() throws Exception {
        AtomicBoolean streamsRunning = new AtomicBoolean(false);
        health.addLivenessCheck("broker", () -> true);
        health.addReadinessCheck("streams", streamsRunning::get);

        assertThat(get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> notReady = get("/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).contains("streams: DOWN");

        streamsRunning.set(true);
        assertThat(get("/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldTreatAFailingCheckAsDown() throws Exception {
        health.addLivenessCheck("sink", () -> {
            throw new IllegalStateException("database gone");
        });

        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("sink: DOWN").doesNotContain("database gone");
    }

    @Test
    void shouldServeMetricsAndHealthButNoReports() throws Exception {
        assertThat(get("/reports/daily?date=2026-11-28&area=330110").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRefuseOtherMethods() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
    }

    @Test
    void shouldNameTheMetricsPortWhenItIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> MetricsServer.start("127.0.0.1", taken.getLocalPort(), metrics.registry(), health))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("metrics.port");
        }
    }
}

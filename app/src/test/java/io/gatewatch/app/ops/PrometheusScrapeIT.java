package io.gatewatch.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.app.metrics.Health;
import io.gatewatch.app.metrics.MetricsServer;
import io.gatewatch.app.metrics.ProcessMetrics;
import io.gatewatch.embedded.FreePorts;
import io.gatewatch.schema.MetricNames;
import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian package {@code prometheus}) scrapes a GateWatch metrics
 * endpoint and loads ops/prometheus/rules.yml; the scraped value is queried back through its API.
 * Skipped, saying why, where the binary is not installed.
 */
class PrometheusScrapeIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void shouldBeScrapedByARealPrometheusWithTheRulesLoaded() throws Exception {
        assumeTrue(Promtool.installed("prometheus"), "prometheus not installed (apt-get install -y prometheus): real-scrape test skipped");
        try (ProcessMetrics metrics = new ProcessMetrics("scrape-it");
             MetricsServer server = MetricsServer.start("127.0.0.1", 0, metrics.registry(), new Health())) {
            Counter.builder(MetricNames.SCANS).tag("source", "GATE_DEVICE").tag("outcome", "fever").register(metrics.registry()).increment(7);
            int webPort = FreePorts.loopback();
            Files.copy(OpsFiles.RULES, dir.resolve("rules.yml"));
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files: [rules.yml]
                    scrape_configs:
                      - job_name: gatewatch-it
                        static_configs:
                          - targets: ["127.0.0.1:%d"]
                    """.formatted(server.port()));
            Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + webPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                String api = "http://127.0.0.1:" + webPort + "/api/v1/";
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                    JsonNode result = query(api, "gatewatch_scans_total{outcome=\"fever\"}").path("data").path("result");
                    assertThat(result).hasSize(1);
                    assertThat(result.get(0).path("metric").path("job").asText()).isEqualTo("gatewatch-it");
                    assertThat(result.get(0).path("value").get(1).asText()).isEqualTo("7");
                });
                JsonNode groups = get(api + "rules").path("data").path("groups");
                List<String> names = groups.findValuesAsText("name");
                assertThat(names).contains("gatewatch-gates", "gatewatch-screening", "gatewatch-pipeline", "GateSilent", "SinkFailing");
                assertThat(groups.findValuesAsText("health")).isNotEmpty().isSubsetOf("ok", "unknown");
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private JsonNode query(String api, String promql) throws Exception {
        return get(api + "query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return OpsFiles.JSON.readTree(response.body());
    }
}

package io.gatewatch.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.app.config.CommonConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The Prometheus rules and Grafana dashboards are well formed and reference only metrics that exist. */
class OpsFilesTest {
    @Test
    void shouldKnowTheMeterTypeOfEveryMetricName() {
        assertThat(OpsFiles.GATEWATCH_METER_TYPES.keySet()).containsExactlyInAnyOrderElementsOf(OpsFiles.metricNameConstants());
    }

    @Test
    void shouldDefineTheRequiredAlertsWithSeverityAndText() {
        JsonNode rules = OpsFiles.yaml(OpsFiles.RULES);
        List<String> alerts = new ArrayList<>();
        assertThat(rules.path("groups").isArray()).isTrue();
        for (JsonNode group : rules.path("groups")) {
            assertThat(group.path("name").asText()).isNotBlank();
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                alerts.add(alert);
                assertThat(rule.path("expr").asText()).as(alert).isNotBlank();
                assertThat(rule.path("for").asText()).as(alert).matches("\\d+[smh]");
                assertThat(rule.path("labels").path("severity").asText()).as(alert).isIn("warning", "critical");
                assertThat(rule.path("annotations").path("summary").asText()).as(alert).isNotBlank();
                assertThat(rule.path("annotations").path("description").asText()).as(alert).isNotBlank();
            }
        }
        assertThat(alerts).doesNotHaveDuplicates()
                .contains("GateSilent", "FeverRateSpike", "ConsumerLagHigh", "SinkFailing", "ScanDeadLettersGrowing");
    }

    @Test
    void shouldReferenceOnlyGateWatchAndJvmMetricsThatAProcessExposes() {
        Set<String> exposed = OpsFiles.gatewatchAndJvmSampleNames();
        Set<String> referenced = OpsFiles.referencedMetrics();

        assertThat(referenced).contains("gatewatch_device_silence_max", "gatewatch_sink_failed", "gatewatch_scans_rejected_total");
        // kafka_* names come from live clients: KafkaMetricsBindingIT checks them against a real broker
        assertThat(referenced.stream().filter(n -> !n.startsWith("kafka_") && !n.equals("up")))
                .allSatisfy(name -> assertThat(exposed).as("metric %s referenced by ops/ but never exposed", name).contains(name));
    }

    @Test
    void shouldProvisionDashboardsThatUseTheProvisionedDataSources() {
        Set<String> uids = new HashSet<>();
        OpsFiles.yaml(OpsFiles.DATASOURCES).path("datasources").forEach(ds -> uids.add(ds.path("uid").asText()));

        assertThat(OpsFiles.dashboards()).isNotEmpty();
        for (Path file : OpsFiles.dashboards()) {
            JsonNode dashboard = OpsFiles.json(file);
            assertThat(dashboard.path("uid").asText()).as(file.toString()).isNotBlank();
            List<Integer> ids = new ArrayList<>();
            for (JsonNode panel : dashboard.path("panels")) {
                ids.add(panel.path("id").asInt());
                assertThat(panel.path("gridPos").path("w").asInt()).as(panel.path("title").asText()).isBetween(1, 24);
                if (!"row".equals(panel.path("type").asText())) {
                    assertThat(uids).as("data source of panel %s", panel.path("title").asText())
                            .contains(panel.path("datasource").path("uid").asText());
                    assertThat(panel.path("targets").isEmpty()).as(panel.path("title").asText()).isFalse();
                }
            }
            assertThat(ids).doesNotHaveDuplicates();
        }
    }

    @Test
    void shouldScrapeTheGateControllersWhoseSpoolDepthTheBacklogRuleWatches() throws Exception {
        JsonNode gates = StreamSupport.stream(OpsFiles.yaml(OpsFiles.PROMETHEUS).path("scrape_configs").spliterator(), false)
                .filter(job -> job.path("job_name").asText().equals("gatewatch-gates")).findFirst().orElseThrow();
        String pattern = gates.path("file_sd_configs").get(0).path("files").get(0).asText();
        JsonNode example = OpsFiles.yaml(OpsFiles.PROMETHEUS.resolveSibling("gates/gates.yml.example"));
        String backlog = StreamSupport.stream(OpsFiles.yaml(OpsFiles.RULES).path("groups").spliterator(), false)
                .flatMap(g -> StreamSupport.stream(g.path("rules").spliterator(), false))
                .filter(rule -> rule.path("alert").asText().equals("GateSpoolBacklog")).findFirst().orElseThrow()
                .path("expr").asText();

        assertThat(pattern).isEqualTo("gates/*.yml");
        assertThat(example.get(0).path("targets").get(0).asText()).endsWith(":" + CommonConfig.DEFAULT_METRICS_PORT);
        assertThat(backlog).contains("gatewatch_spool_depth{job=\"gatewatch-gates\"}");
    }

    @Test
    void shouldScrapeEveryProcessOnTheDefaultMetricsPort() {
        for (Path config : List.of(OpsFiles.PROMETHEUS, OpsFiles.PROMETHEUS_DEMO)) {
            JsonNode prometheus = OpsFiles.yaml(config);
            assertThat(prometheus.path("rule_files").get(0).asText()).isEqualTo("rules.yml");
            StreamSupport.stream(prometheus.path("scrape_configs").spliterator(), false)
                    .filter(job -> job.path("job_name").asText().startsWith("gatewatch-"))
                    .flatMap(job -> StreamSupport.stream(job.path("static_configs").spliterator(), false))
                    .flatMap(sc -> StreamSupport.stream(sc.path("targets").spliterator(), false))
                    .forEach(target -> assertThat(target.asText()).endsWith(":" + CommonConfig.DEFAULT_METRICS_PORT));
        }
    }
}

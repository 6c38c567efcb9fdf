package io.gatewatch.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gatewatch.app.metrics.ProcessMetrics;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Prometheus's own checker on our files: config, rules, the rules' unit tests
 * (ops/prometheus/rules-test.yml) and the exposition of a process. Skipped, saying why, where
 * promtool is not installed ({@code apt-get install prometheus}).
 */
class PromtoolTest {
    @BeforeAll
    static void requirePromtool() {
        assumeTrue(Promtool.installed("promtool"), "promtool not installed (apt-get install -y prometheus): Prometheus checks skipped");
    }

    @Test
    void shouldAcceptTheScrapeConfigurations() throws Exception {
        var compose = Promtool.run(OpsFiles.ROOT, null, "check", "config", OpsFiles.PROMETHEUS.toString());
        var demo = Promtool.run(OpsFiles.ROOT, null, "check", "config", OpsFiles.PROMETHEUS_DEMO.toString());

        assertThat(compose.exitCode()).as(compose.output()).isZero();
        assertThat(demo.exitCode()).as(demo.output()).isZero();
    }

    @Test
    void shouldAcceptTheAlertRules() throws Exception {
        var result = Promtool.run(OpsFiles.ROOT, null, "check", "rules", OpsFiles.RULES.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void shouldPassTheAlertRuleUnitTests() throws Exception {
        var result = Promtool.run(OpsFiles.ROOT, null, "test", "rules", OpsFiles.RULES_TEST.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void shouldAcceptTheExpositionOfAProcess() throws Exception {
        String scrape;
        try (ProcessMetrics metrics = new ProcessMetrics("promtool")) {
            Counter.builder(io.gatewatch.schema.MetricNames.SCANS).description("Scans screened").tag("source", "GATE_DEVICE")
                    .tag("outcome", "normal").register(metrics.registry()).increment();
            scrape = metrics.scrape();
        }

        var result = Promtool.run(OpsFiles.ROOT, scrape, "check", "metrics");

        // exit 1 = unparseable; 3 = parsed with lint remarks, which Micrometer's own binders draw
        // (process_cpu_time_ns_total, system_cpu_count): none may concern a GateWatch meter
        assertThat(result.exitCode()).as(result.output()).isIn(0, 3);
        assertThat(result.output()).doesNotContain("error while linting").doesNotContain("gatewatch_");
    }
}

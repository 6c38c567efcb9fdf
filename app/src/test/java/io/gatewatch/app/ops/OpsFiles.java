package io.gatewatch.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gatewatch.app.metrics.ProcessMetrics;
import io.gatewatch.schema.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the files under ops/ and the compose file, and the metric names they reference, for tests. */
public final class OpsFiles {
    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    public static final Path OPS = ROOT.resolve("ops");
    public static final Path RULES = OPS.resolve("prometheus/rules.yml");
    public static final Path RULES_TEST = OPS.resolve("prometheus/rules-test.yml");
    public static final Path PROMETHEUS = OPS.resolve("prometheus/prometheus.yml");
    public static final Path PROMETHEUS_DEMO = OPS.resolve("prometheus/prometheus-demo.yml");
    public static final Path DASHBOARDS = OPS.resolve("grafana/dashboards");
    public static final Path DATASOURCES = OPS.resolve("grafana/provisioning/datasources/gatewatch.yml");
    public static final Path COMPOSE = ROOT.resolve("docker-compose.yml");

    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    public static final ObjectMapper JSON = new ObjectMapper();

    /** Metric names as PromQL mentions them: an identifier followed by a selector, a range, or closing an aggregation. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:gatewatch|kafka|jvm|process|system)_[a-z0-9_]+|up)\\b(?=\\s*[\\{\\[\\)]|\\s*$|\\s*[<>=!])");

    /**
     * The meter type of every {@link MetricNames} constant, as its Javadoc states. A new constant
     * without an entry fails {@code OpsFilesTest}, so the rendered-name check keeps up.
     */
    public static final Map<String, String> GATEWATCH_METER_TYPES = Map.ofEntries(
            Map.entry(MetricNames.SCANS, "counter"),
            Map.entry(MetricNames.SCANS_REJECTED, "counter"),
            Map.entry(MetricNames.SCANS_DUPLICATE, "counter"),
            Map.entry(MetricNames.SCANS_LATE, "counter"),
            Map.entry(MetricNames.ALERTS, "counter"),
            Map.entry(MetricNames.ALERT_LATENCY, "timer"),
            Map.entry(MetricNames.COUNTS_EMITTED, "counter"),
            Map.entry(MetricNames.COUNTS_REPARTITIONED, "counter"),
            Map.entry(MetricNames.DEVICE_SILENCE_MAX, "gauge"),
            Map.entry(MetricNames.DEVICES_SILENT, "gauge"),
            Map.entry(MetricNames.PRODUCED, "counter"),
            Map.entry(MetricNames.SPOOL_DEPTH, "gauge"),
            Map.entry(MetricNames.INGEST_REQUESTS, "counter"),
            Map.entry(MetricNames.MQTT_UNACKED_OLDEST_AGE, "gauge"),
            Map.entry(MetricNames.SINK_BATCH_SIZE, "summary"),
            Map.entry(MetricNames.SINK_BATCH_LATENCY, "timer"),
            Map.entry(MetricNames.SINK_ERRORS, "counter"),
            Map.entry(MetricNames.SINK_FAILED, "gauge"),
            Map.entry(MetricNames.SINK_DEAD_LETTERED, "counter"),
            Map.entry(MetricNames.SINK_ROWS, "counter"),
            Map.entry(MetricNames.RETENTION_PURGED, "counter"),
            Map.entry(MetricNames.RETENTION_OLDEST_AGE, "gauge"),
            Map.entry(MetricNames.WEBHOOK_DELIVERIES, "counter"),
            Map.entry(MetricNames.WEBHOOK_RETRIES, "counter"),
            Map.entry(MetricNames.WEBHOOK_FAILED, "gauge"));

    private OpsFiles() {}

    public static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Path> dashboards() {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every PromQL expression in the alert rules and the dashboards. */
    public static List<String> promqlExpressions() {
        List<String> exprs = new ArrayList<>();
        for (JsonNode group : yaml(RULES).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                exprs.add(rule.path("expr").asText());
            }
        }
        for (Path dashboard : dashboards()) {
            for (JsonNode panel : json(dashboard).path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    if (target.has("expr")) {
                        exprs.add(target.get("expr").asText());
                    }
                }
            }
        }
        return exprs;
    }

    /** Metric names referenced by the rules and dashboards. */
    public static Set<String> referencedMetrics() {
        Set<String> names = new TreeSet<>();
        for (String expr : promqlExpressions()) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /**
     * The sample names a process exposes for GateWatch's meters and the JVM binders: a registry
     * with every MetricNames meter registered as its documented type, scraped.
     */
    public static Set<String> gatewatchAndJvmSampleNames() {
        try (ProcessMetrics metrics = new ProcessMetrics("ops-test")) {
            GATEWATCH_METER_TYPES.forEach((name, type) -> {
                switch (type) {
                    case "counter" -> Counter.builder(name).register(metrics.registry()).increment();
                    case "timer" -> Timer.builder(name).register(metrics.registry()).record(Duration.ofMillis(1));
                    case "summary" -> DistributionSummary.builder(name).publishPercentileHistogram().register(metrics.registry()).record(1);
                    case "gauge" -> Gauge.builder(name, () -> 1).register(metrics.registry());
                    default -> throw new IllegalArgumentException(type);
                }
            });
            // GC pause timers appear on the first GC notification: cause one rather than hope for it
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                System.gc();
                return metrics.registry().find("jvm.gc.pause").timer() != null;
            });
            return sampleNames(metrics.scrape());
        }
    }

    /** Names of every sample and family in an exposition text. */
    public static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                names.add(line.split(" ")[2]);
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                int end = 0;
                while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                    end++;
                }
                names.add(line.substring(0, end));
            }
        }
        return names;
    }

    /** Every public String constant of {@link MetricNames}. */
    public static Set<String> metricNameConstants() {
        Set<String> names = new TreeSet<>();
        for (Field f : MetricNames.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    names.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }
}

package io.gatewatch.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.app.GatewatchCli;
import io.gatewatch.app.config.CommonConfig;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.ConfigSources;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docker-compose.yml cannot run here (no Docker), so it is kept correct by reading it: every
 * GateWatch service runs a real subcommand with only valid settings, Prometheus scrapes exactly
 * the long-running GateWatch services, and Grafana's mounts match its provisioning.
 */
class ComposeFileTest {
    /** ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}. */
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?([-?])([^}]*))?}");
    private static final Set<String> NON_SETTING_VARIABLES = Set.of("JAVA_OPTS");

    private final JsonNode compose = OpsFiles.yaml(OpsFiles.COMPOSE);

    private Map<String, JsonNode> gatewatchServices() {
        Map<String, JsonNode> services = new LinkedHashMap<>();
        compose.path("services").fields().forEachRemaining(e -> {
            if (e.getValue().has("build") || e.getValue().path("image").asText().startsWith("gatewatch")) {
                services.put(e.getKey(), e.getValue());
            }
        });
        return services;
    }

    /** The service's settings as the container sees them: env_file lines, then 'environment', interpolation defaults applied. */
    private static Map<String, String> environmentOf(JsonNode service) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> envFiles = new ArrayList<>();
        if (service.path("env_file").isTextual()) {
            envFiles.add(service.path("env_file").asText());
        } else {
            service.path("env_file").forEach(f -> envFiles.add(f.asText()));
        }
        for (String file : envFiles) {
            for (String line : Files.readAllLines(OpsFiles.ROOT.resolve(file))) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    int eq = line.indexOf('=');
                    env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
        }
        service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), interpolate(e.getValue().asText())));
        return env;
    }

    private static String interpolate(String value) {
        Matcher m = INTERPOLATION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            // a required variable (the secrets) stands in as a placeholder long enough for any secret validator
            String replacement = m.group(2) == null ? "" : m.group(2).equals("-") ? m.group(3) : "required-" + m.group(1).toLowerCase();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The CLI subcommand path a service's command runs, e.g. [topics, create]; fails if it names none. */
    private static List<String> subcommandOf(String service, JsonNode command) {
        CommandLine cli = GatewatchCli.commandLine(Map.of());
        List<String> path = new ArrayList<>();
        for (JsonNode arg : command) {
            CommandLine sub = cli.getSubcommands().get(arg.asText());
            if (sub == null) {
                break;
            }
            path.add(arg.asText());
            cli = sub;
        }
        if (path.isEmpty()) {
            fail("service %s runs %s, which is no gatewatch subcommand", service, command);
        }
        return path;
    }

    @Test
    void shouldRunOnlyExistingSubcommandsWithValidSettings() throws Exception {
        Map<String, JsonNode> services = gatewatchServices();
        assertThat(services).isNotEmpty();

        for (Map.Entry<String, JsonNode> service : services.entrySet()) {
            List<String> command = subcommandOf(service.getKey(), service.getValue().path("command"));
            Map<String, String> env = environmentOf(service.getValue());
            for (String name : env.keySet()) {
                if (NON_SETTING_VARIABLES.contains(name)) {
                    continue;
                }
                assertThat(name).as("variable of service %s", service.getKey()).startsWith(ConfigSources.ENV_PREFIX);
                assertThat(ConfigCatalog.isKnown(ConfigSources.keyOf(name)))
                        .as("%s of service %s names a GateWatch setting", name, service.getKey()).isTrue();
            }
            // values too, and the engine's own settings: the process validates exactly this before starting
            List<String> args = new ArrayList<>(command);
            args.add("--print-config");
            StringWriter err = new StringWriter();
            CommandLine cli = GatewatchCli.commandLine(env);
            cli.setOut(new PrintWriter(new StringWriter()));
            cli.setErr(new PrintWriter(err, true));
            assertThat(cli.execute(args.toArray(String[]::new))).as("service %s: %s", service.getKey(), err).isZero();
        }
    }

    @Test
    void shouldScrapeExactlyTheLongRunningGateWatchServices() throws Exception {
        Set<String> longRunning = new TreeSet<>();
        for (Map.Entry<String, JsonNode> service : gatewatchServices().entrySet()) {
            if (!"no".equals(service.getValue().path("restart").asText())) {
                longRunning.add(service.getKey());
                assertThat(environmentOf(service.getValue()))
                        .as("service %s serves metrics on the port Prometheus scrapes", service.getKey())
                        .containsEntry(ConfigSources.envName(CommonConfig.METRICS_PORT), String.valueOf(CommonConfig.DEFAULT_METRICS_PORT));
            }
        }
        Set<String> scraped = new TreeSet<>();
        for (JsonNode job : OpsFiles.yaml(OpsFiles.PROMETHEUS).path("scrape_configs")) {
            if (job.path("job_name").asText().startsWith("gatewatch-")) {
                job.path("static_configs").forEach(sc -> sc.path("targets").forEach(t -> scraped.add(t.asText().split(":")[0])));
            }
        }

        assertThat(scraped).containsExactlyInAnyOrderElementsOf(longRunning);
    }

    @Test
    void shouldMountTheOpsFilesWhereGrafanaAndPrometheusLookForThem() {
        JsonNode services = compose.path("services");
        List<String> grafanaVolumes = new ArrayList<>();
        services.path("grafana").path("volumes").forEach(v -> grafanaVolumes.add(v.asText()));
        String dashboardsPath = OpsFiles.yaml(OpsFiles.OPS.resolve("grafana/provisioning/dashboards/gatewatch.yml"))
                .path("providers").get(0).path("options").path("path").asText();

        assertThat(grafanaVolumes).contains("./ops/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./ops/grafana/dashboards:" + dashboardsPath + ":ro");
        assertThat(services.path("grafana").path("environment").path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText())
                .startsWith(dashboardsPath + "/").satisfies(p -> assertThat(OpsFiles.DASHBOARDS.resolve(Path.of(p).getFileName())).exists());
        List<String> prometheusVolumes = new ArrayList<>();
        services.path("prometheus").path("volumes").forEach(v -> prometheusVolumes.add(v.asText()));
        assertThat(prometheusVolumes).contains("./ops/prometheus:/etc/prometheus:ro");
        OpsFiles.yaml(OpsFiles.DATASOURCES).path("datasources").forEach(ds -> {
            String host = ds.path("url").asText().replaceFirst("^https?://", "").split(":")[0];
            assertThat(services.has(host)).as("data source %s points at compose service %s", ds.path("name").asText(), host).isTrue();
        });
    }

    @Test
    void shouldUseTheBrokerAndRegistryServicesForEveryGateWatchService() throws Exception {
        for (Map.Entry<String, JsonNode> service : gatewatchServices().entrySet()) {
            Map<String, String> env = environmentOf(service.getValue());
            String bootstrap = env.get(ConfigSources.envName(CommonConfig.KAFKA_BOOTSTRAP_SERVERS));
            assertThat(bootstrap).as(service.getKey()).isEqualTo("kafka:9092");
            assertThat(compose.path("services").path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText())
                    .contains("PLAINTEXT://" + bootstrap);
            assertThat(env.get(ConfigSources.envName(CommonConfig.SCHEMA_REGISTRY_URL))).isEqualTo("http://schema-registry:8081");
        }
    }

    @Test
    void shouldKeepTheBrokersLogDirectoryInsideAMountedVolume() {
        JsonNode kafka = compose.path("services").path("kafka");
        String logDirs = kafka.path("environment").path("KAFKA_LOG_DIRS").asText();
        List<String> mountPoints = new ArrayList<>();
        kafka.path("volumes").forEach(v -> mountPoints.add(v.asText().split(":")[1]));

        assertThat(logDirs).as("KAFKA_LOG_DIRS (the image's default is in /tmp)").isNotEmpty();
        for (String dir : logDirs.split(",")) {
            assertThat(mountPoints).as("a volume holds %s", dir).anySatisfy(m -> assertThat(dir + "/").startsWith(m + "/"));
        }
    }

    @Test
    void shouldGiveEveryLongRunningServiceAHealthcheck() {
        compose.path("services").fields().forEachRemaining(e -> {
            if (!"no".equals(e.getValue().path("restart").asText())) {
                assertThat(e.getValue().path("healthcheck").path("test").isMissingNode())
                        .as("service %s has a healthcheck", e.getKey()).isFalse();
            }
        });
    }

    @Test
    void shouldStartEveryServiceOnlyOnceItsDependenciesAreHealthyOrDone() {
        JsonNode services = compose.path("services");
        services.fields().forEachRemaining(e -> {
            JsonNode dependsOn = e.getValue().path("depends_on");
            assertThat(dependsOn.isArray()).as("service %s names conditions for its dependencies", e.getKey()).isFalse();
            dependsOn.fields().forEachRemaining(d -> {
                String expected = "no".equals(services.path(d.getKey()).path("restart").asText())
                        ? "service_completed_successfully" : "service_healthy";
                assertThat(d.getValue().path("condition").asText()).as("%s waits for %s", e.getKey(), d.getKey()).isEqualTo(expected);
            });
        });
    }

    @Test
    void shouldBuildTheImageOfEveryGateWatchService() {
        gatewatchServices().forEach((name, service) ->
                assertThat(service.path("build").asText()).as("service %s builds gatewatch's image", name).isEqualTo("."));
    }

    @Test
    void shouldPinEveryImageToAVersion() throws IOException {
        Pattern pinned = Pattern.compile("[^:]+:v?\\d+\\.\\d+[0-9A-Za-z._-]*");
        compose.path("services").fields().forEachRemaining(e -> {
            String image = e.getValue().path("image").asText();
            if (!e.getValue().has("build")) {
                assertThat(image).as("image of service %s", e.getKey()).matches(pinned);
            }
        });
        for (String line : Files.readAllLines(OpsFiles.ROOT.resolve("Dockerfile"))) {
            if (line.startsWith("FROM ")) {
                assertThat(line.split("\\s+")[1]).as("Dockerfile %s", line).matches(pinned);
            }
        }
    }
}

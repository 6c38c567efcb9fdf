package io.gatewatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class GatewatchCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cli = GatewatchCli.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static List<List<String>> commandPaths(CommandLine cli, List<String> prefix) {
        List<List<String>> paths = new ArrayList<>();
        paths.add(prefix);
        cli.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> path = new ArrayList<>(prefix);
                path.add(name);
                paths.addAll(commandPaths(sub, path));
            }
        });
        return paths;
    }

    @Test
    void shouldOfferHelpOnEveryCommand() {
        for (List<String> path : commandPaths(GatewatchCli.commandLine(Map.of()), List.of())) {
            out.getBuffer().setLength(0);
            List<String> args = new ArrayList<>(path);
            args.add("--help");

            int code = run(Map.of(), args.toArray(String[]::new));

            assertThat(code).as("exit code of %s", args).isZero();
            assertThat(out.toString()).as("help of %s", args).contains("Usage: gatewatch");
        }
    }

    @Test
    void shouldPrintTheVersion() {
        int code = run(Map.of(), "--version");

        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("gatewatch ").doesNotContain("unknown").doesNotContain("${");
    }

    @Test
    void shouldExitWithUsageCodeNamingTheKeyOnBadConfiguration() {
        int code = run(Map.of("GATEWATCH_TOPICS_PARTITIONS", "zero"), "topics", "list");

        assertThat(code).isEqualTo(GatewatchCli.EXIT_USAGE);
        assertThat(err.toString()).contains("Configuration error").contains("topics.partitions").contains("GATEWATCH_TOPICS_PARTITIONS");
    }

    @Test
    void shouldPrintTheEffectiveConfigurationWithSecretsMaskedAndOrigins() {
        int code = run(Map.of("GATEWATCH_KAFKA_SSL_KEY_PASSWORD", "hunter2", "GATEWATCH_TOPICS_PARTITIONS", "12"),
                "topics", "list", "--print-config", "--partitions", "3");

        assertThat(code).isZero();
        assertThat(out.toString())
                .doesNotContain("hunter2")
                .contains("kafka.ssl.key.password = [hidden]  (environment variable GATEWATCH_KAFKA_SSL_KEY_PASSWORD)")
                .contains("topics.partitions = 3  (command-line flag)")
                .contains("metrics.port = 9404  (default)");
    }

    @Test
    void shouldLetGenericSettingsBeGivenAsFlags() {
        int code = run(Map.of("GATEWATCH_LOG_LEVEL", "DEBUG"), "demo", "--print-config", "-s", "log.level=WARN", "--duration", "90s");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("log.level = WARN  (command-line flag)").contains("demo.duration.ms = 90000  (command-line flag)");
    }

    @ParameterizedTest(name = "{0} {1} {2} gives {3}")
    @CsvSource(delimiter = '|', value = {
            "streams            | --bootstrap-servers | kafka-1:9092              | kafka.bootstrap.servers = kafka-1:9092",
            "simulate           | --registry-url      | http://registry:8081      | schema.registry.url = http://registry:8081",
            "registry           | --metrics-port      | 9500                      | metrics.port = 9500",
            "ingest             | --port              | 8090                      | http.port = 8090",
            "mqtt-bridge        | --mqtt-server       | tcp://mosquitto:1883      | mqtt.server.uris = tcp://mosquitto:1883",
            "simulate           | --villages          | 7                         | sim.villages = 7",
            "sink               | --jdbc-url          | jdbc:postgresql://db/gw   | sink.jdbc.url = jdbc:postgresql://db/gw",
            "registry           | --port              | 8181                      | registry.http.port = 8181",
            "streams            | --threads           | 3                         | streams.num.stream.threads = 3",
            "report             | --jdbc-user         | reader                    | report.jdbc.user = reader",
            "observation expire | --keep-days         | 9                         | observation.retention.days = 9",
            "subscribe          | --bootstrap-servers | kafka-1:9092              | kafka.bootstrap.servers = kafka-1:9092",
            "subscribe          | --registry-url      | http://registry:8081      | schema.registry.url = http://registry:8081",
            "subscribe          | --json              |                           | subscriber.output.format = json",
            "subscribe          | --from-beginning    |                           | subscriber.from.beginning = true",
            "demo               | --kafka-port        | 19092                     | demo.kafka.port = 19092",
    })
    void shouldGiveEachFlagItsSetting(String command, String flag, String value, String setting) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--print-config");
        args.add(flag);
        if (value != null) {
            args.add(value);
        }

        int code = run(Map.of("GATEWATCH_HTTP_CLIENTS", "app", "GATEWATCH_PSEUDONYM_SECRET", "deployment-secret-0123456789",
                "GATEWATCH_HTTP_CLIENT_APP_TOKEN", "app-token-0123456789abcdef", "GATEWATCH_HTTP_CLIENT_APP_SOURCES", "PHONE_APP"),
                args.toArray(String[]::new));

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains(setting + "  (command-line flag)");
    }

    @Test
    void shouldRefuseAMetricsPortForTheSubscriberWhichServesNone() {
        int code = run(Map.of(), "subscribe", "--print-config", "--metrics-port", "9500");

        assertThat(code).isEqualTo(GatewatchCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--metrics-port");
    }

    @Test
    void shouldRefuseADurationWithoutUnit() {
        int code = run(Map.of(), "demo", "--duration", "30");

        assertThat(code).isEqualTo(GatewatchCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--duration");
    }

    @Test
    void shouldNeverPrintTheIngestSecrets() {
        Map<String, String> env = Map.of(
                "GATEWATCH_PSEUDONYM_SECRET", "deployment-secret-0123456789",
                "GATEWATCH_HTTP_CLIENTS", "app",
                "GATEWATCH_HTTP_CLIENT_APP_TOKEN", "token-of-the-app-0123456789",
                "GATEWATCH_HTTP_CLIENT_APP_SOURCES", "PHONE_APP");

        int code = run(env, "ingest", "--print-config");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .doesNotContain("deployment-secret-0123456789").doesNotContain("token-of-the-app-0123456789")
                .contains("pseudonym.secret = [hidden]")
                .contains("http.client.app.token = [hidden]")
                .contains("http.client.app.sources = PHONE_APP")
                .contains("http.clients = app  (environment variable GATEWATCH_HTTP_CLIENTS)");
    }

    @Test
    void shouldRefuseToStartTheIngestWithoutItsSecret() {
        int code = run(Map.of("GATEWATCH_HTTP_CLIENTS", "app"), "ingest", "--print-config");

        assertThat(code).isEqualTo(GatewatchCli.EXIT_USAGE);
        assertThat(err.toString()).contains("pseudonym.secret");
    }

    @Test
    void shouldRefuseAShortSecretWithoutEchoingIt() {
        int code = run(Map.of("GATEWATCH_PSEUDONYM_SECRET", "short-pw", "GATEWATCH_HTTP_CLIENTS", "app"), "mqtt-bridge", "--print-config");

        assertThat(code).isEqualTo(GatewatchCli.EXIT_USAGE);
        assertThat(err.toString()).contains("pseudonym.secret").contains("GATEWATCH_PSEUDONYM_SECRET").doesNotContain("short-pw");
    }

    @Test
    void shouldReportEveryMissingIngestSettingAtOnceWithoutAStackTrace() {
        int code = run(Map.of(), "ingest", "--print-config");

        assertThat(code).isEqualTo(GatewatchCli.EXIT_USAGE);
        assertThat(err.toString().lines().filter(l -> l.startsWith("Configuration error: ")))
                .anySatisfy(l -> assertThat(l).contains("pseudonym.secret").contains("GATEWATCH_PSEUDONYM_SECRET"));
        assertThat(err.toString()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void shouldNameTheRegistrysAuthenticationSettingAsTheUserGivesItWithoutEchoingTheSecret() {
        int code = run(Map.of("GATEWATCH_REGISTRY_AUTHENTICATION_METHOD", "BASIC", "GATEWATCH_REGISTRY_AUTHENTICATION_USERS", "sink",
                "GATEWATCH_REGISTRY_AUTHENTICATION_USER_SINK_SECRET", "short-pw"), "registry", "--print-config");

        assertThat(code).isEqualTo(GatewatchCli.EXIT_USAGE);
        assertThat(err.toString()).contains("registry.authentication.user.sink.secret = [hidden]")
                .contains("GATEWATCH_REGISTRY_AUTHENTICATION_USER_SINK_SECRET").doesNotContain("short-pw").doesNotContain("\tat ");
    }

    @Test
    void shouldGoOnWithAWarningWhenTheEnvironmentHoldsAnUnknownGatewatchVariable() {
        int code = run(Map.of("GATEWATCH_JAR", "/opt/gatewatch.jar", "GATEWATCH_HOME", "/opt"), "topics", "list", "--print-config");

        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("Warning: ignoring environment variable GATEWATCH_JAR")
                .contains("Warning: ignoring environment variable GATEWATCH_HOME");
    }

    @Test
    void shouldStillRefuseAnUnknownSettingGivenAsAFlag() {
        int code = run(Map.of(), "topics", "list", "--print-config", "-s", "topics.partitons=3");

        assertThat(code).isEqualTo(GatewatchCli.EXIT_USAGE);
        assertThat(err.toString()).contains("topics.partitons").contains("unknown setting");
    }

    @Test
    void shouldNameABadReportDateOnceInCommandLineTerms() {
        int code = run(Map.of(), "report", "--date", "2026-13-01", "--area", "330110");

        assertThat(code).isEqualTo(GatewatchCli.EXIT_USAGE);
        assertThat(err.toString().strip()).isEqualTo("Bad parameter '--date': expected a date like 2026-11-28, got '2026-13-01'");
    }

    @Test
    void shouldExplainAnUnreachableReportDatabaseInOneLine() {
        int code = run(Map.of(), "report", "--date", "2026-11-28", "--area", "330110", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/gatewatch");

        assertThat(code).isEqualTo(GatewatchCli.EXIT_FAILURE);
        assertThat(err.toString().strip()).startsWith("gatewatch report failed: ").contains("127.0.0.1:1").doesNotContain("\n");
    }
}

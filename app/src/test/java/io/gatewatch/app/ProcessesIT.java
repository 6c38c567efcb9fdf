package io.gatewatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.embedded.FreePorts;
import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.embedded.junit.PostgresExtension;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GateWatch's processes as separate JVMs from the shaded jar, configured only by GATEWATCH_*
 * environment variables as docker-compose configures them: the registry, the HTTP ingest, the
 * streams and the sink processes; a clinic's fever report posted to the ingest is read back from
 * Kafka through the registry and ends as a FEVER alert row in PostgreSQL. And issue 16's integrator
 * journey: a gate device imported from CSV with the CLI alone, its 99.5 °F scan over HTTP stored as
 * a FEVER alert of 37.5 °C under the checkpoint's name, and a county name imported into the report.
 */
class ProcessesIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path state;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldRunRegistryAndIngestAsProcessesConfiguredByEnvironment() throws Exception {
        var topics = GatewatchCli.commandLine(Map.of("GATEWATCH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers()));
        topics.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
        assertThat(topics.execute("topics", "create", "--partitions", "2")).isZero();
        int registryPort = FreePorts.loopback();
        int ingestPort = FreePorts.loopback();
        String registryUrl = "http://127.0.0.1:" + registryPort;
        Map<String, String> common = Map.of(
                "GATEWATCH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                "GATEWATCH_SCHEMA_REGISTRY_URL", registryUrl,
                "GATEWATCH_METRICS_PORT", "0");
        Map<String, String> registryEnv = with(common, "GATEWATCH_REGISTRY_HTTP_PORT", String.valueOf(registryPort),
                "GATEWATCH_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR", "1");
        Map<String, String> ingestEnv = with(common, "GATEWATCH_HTTP_PORT", String.valueOf(ingestPort),
                "GATEWATCH_HTTP_HOST", "127.0.0.1", "GATEWATCH_PSEUDONYM_SECRET", "a-deployment-secret-for-tests",
                "GATEWATCH_HTTP_CLIENTS", "clinic7,gates",
                "GATEWATCH_HTTP_CLIENT_CLINIC7_TOKEN", "clinic-7-token-0123456789", "GATEWATCH_HTTP_CLIENT_CLINIC7_SOURCES", "CLINIC",
                "GATEWATCH_HTTP_CLIENT_GATES_TOKEN", "gate-vendor-token-0123456789", "GATEWATCH_HTTP_CLIENT_GATES_SOURCES", "GATE_DEVICE");
        Map<String, String> streamsEnv = with(common, "GATEWATCH_STREAMS_STATE_DIR", state.toString(),
                "GATEWATCH_STREAMS_SCREENING_APPLICATION_ID", "processes-it-screening",
                "GATEWATCH_STREAMS_COUNTS_APPLICATION_ID", "processes-it-counts");
        Map<String, String> sinkEnv = with(common, "GATEWATCH_SINK_JDBC_URL", POSTGRES.jdbcUrl(),
                "GATEWATCH_SINK_JDBC_USER", POSTGRES.postgres().user(), "GATEWATCH_SINK_BATCH_MAX_MS", "200");

        try (GatewatchProcess registry = GatewatchProcess.start(registryEnv, "registry");
             GatewatchProcess ingest = GatewatchProcess.start(ingestEnv, "ingest");
             GatewatchProcess streams = GatewatchProcess.start(streamsEnv, "streams");
             GatewatchProcess sink = GatewatchProcess.start(sinkEnv, "sink")) {
            registry.awaitLine("Schema registry serving " + registryUrl, Duration.ofSeconds(90));
            ingest.awaitLine("HTTP ingest listening", Duration.ofSeconds(90));
            streams.awaitLine("Running screening (processes-it-screening), counts (processes-it-counts)", Duration.ofSeconds(90));
            sink.awaitLine("Sink writing", Duration.ofSeconds(90));

            // Given an integrator's CSV with a new gate device that reads Fahrenheit, imported with the CLI alone
            java.nio.file.Path devices = state.resolve("devices.csv");
            java.nio.file.Files.writeString(devices, "deviceId,checkpointId,villageCode,unit,calibrationOffsetCelsius,kind,name\n"
                    + "gate-it-1,CP-IT-1,330102001001,F,0,GATE,东村卡口\n", java.nio.charset.StandardCharsets.UTF_8);
            assertThat(cli(common, "devices", "import", devices.toString())).isZero();

            // When a clinic reports a fever over HTTP (retrying while the ingest probes Kafka for readiness)
            String body = """
                    {"eventId": "clinic-7-0042", "source": "CLINIC", "deviceId": "clinic-7", "villageCode": "330102001001",
                     "personId": "11010519491231002X", "scannedAt": %d, "temperature": {"value": 100.8, "unit": "F", "bodySite": "AXILLA"}}"""
                    .formatted(System.currentTimeMillis());
            await().atMost(Duration.ofSeconds(60)).until(() -> postScan(ingestPort, "clinic-7-token-0123456789", body).statusCode() == 202);

            // Then the scan is on Kafka, readable through the registry process, pseudonymised
            SchemaRegistryClient client = SchemaRegistryClients.create(Map.of("schema.registry.url", registryUrl));
            var deserializer = AvroSerde.forValues(ScanEvent.class, client, Map.of("schema.registry.url", registryUrl)).deserializer();
            List<ScanEvent> scans = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", KAFKA.bootstrapServers(),
                    "group.id", "processes-it", "auto.offset.reset", "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(Topics.SCANS));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> scans.add(deserializer.deserialize(Topics.SCANS, r.value())));
                    return !scans.isEmpty();
                });
            }
            assertThat(scans).singleElement().satisfies(scan -> {
                assertThat(scan.getEventId()).isEqualTo("clinic-7-0042");
                assertThat(scan.getPersonToken()).isNotBlank().isNotEqualTo("11010519491231002X");
            });

            // And the streams process screens it into a FEVER alert, which the sink process stores
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                try (var c = POSTGRES.dataSource().getConnection(); var st = c.createStatement();
                     var rs = st.executeQuery("SELECT alert_type FROM alert WHERE event_id = 'clinic-7-0042'")) {
                    return rs.next() && "FEVER".equals(rs.getString(1));
                }
            });

            // When the new device sends 99.5 °F over HTTP
            String gateScan = """
                    {"eventId": "gate-it-1-0001", "source": "GATE_DEVICE", "deviceId": "gate-it-1", "checkpointId": "CP-IT-1",
                     "villageCode": "330102001001", "personId": "110105198001010016", "scannedAt": %d,
                     "temperature": {"value": 99.5, "unit": "F", "bodySite": "FOREHEAD"}, "healthCode": "GREEN"}"""
                    .formatted(System.currentTimeMillis());
            HttpResponse<String> accepted = postScan(ingestPort, "gate-vendor-token-0123456789", gateScan);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

            // Then it is stored as a FEVER alert of 37.5 °C, shown with the checkpoint's name
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                try (var c = POSTGRES.dataSource().getConnection(); var st = c.createStatement();
                     var rs = st.executeQuery("SELECT alert_type, temperature_celsius, checkpoint_name FROM alert_named "
                             + "WHERE event_id = 'gate-it-1-0001'")) {
                    return rs.next() && "FEVER".equals(rs.getString(1)) && rs.getDouble(2) == 37.5 && "东村卡口".equals(rs.getString(3));
                }
            });

            // And a name imported for the county appears in the daily HTML report
            java.nio.file.Path areas = state.resolve("areas.csv");
            java.nio.file.Files.writeString(areas, "code,name,nameEn\n330102,上城区,Shangcheng District\n",
                    java.nio.charset.StandardCharsets.UTF_8);
            Map<String, String> database = with(common, "GATEWATCH_REPORT_JDBC_URL", POSTGRES.jdbcUrl(),
                    "GATEWATCH_REPORT_JDBC_USER", POSTGRES.postgres().user());
            assertThat(cli(database, "areas", "import", areas.toString())).isZero();
            java.nio.file.Path html = state.resolve("report.html");
            String today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
            await().atMost(Duration.ofSeconds(90)).until(() -> cli(database, "report", "--date", today, "--area", "330102",
                    "--format", "html", "--out", html.toString()) == 0 && java.nio.file.Files.readString(html).contains("上城区"));
            assertThat(java.nio.file.Files.readString(html)).contains("330102");

            // And all stop cleanly on SIGTERM, never having printed a secret
            sink.stop();
            streams.stop();
            ingest.stop();
            registry.stop();
            assertThat(streams.output()).contains("Stopped in");
            assertThat(sink.output()).contains("Stopped in");
            assertThat(ingest.output()).contains("Stopped in").doesNotContain("clinic-7-token-0123456789")
                    .doesNotContain("a-deployment-secret-for-tests").doesNotContain("11010519491231002X");
            assertThat(registry.output()).contains("Stopped in");
        }
    }

    /** Posts a scan's JSON to the ingest process on {@code port} as the client holding {@code token}. */
    private HttpResponse<String> postScan(int port, String token, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/scans"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code base} and the environment variables {@code namesAndValues} besides. */
    private static Map<String, String> with(Map<String, String> base, String... namesAndValues) {
        Map<String, String> env = new java.util.HashMap<>(base);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            env.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return env;
    }

    /** Runs one CLI command in this JVM with {@code env} as its environment; its exit code. */
    private static int cli(Map<String, String> env, String... args) {
        var cli = GatewatchCli.commandLine(env);
        cli.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
        java.io.StringWriter err = new java.io.StringWriter();
        cli.setErr(new java.io.PrintWriter(err, true));
        int exit = cli.execute(args);
        if (exit != 0) {
            System.err.println("gatewatch " + String.join(" ", args) + " exited " + exit + ": " + err);
        }
        return exit;
    }
}

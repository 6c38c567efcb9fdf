package io.gatewatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.embedded.junit.PostgresExtension;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import java.net.ServerSocket;
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
 * Kafka through the registry and ends as a FEVER alert row in PostgreSQL.
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
        int registryPort = freePort();
        int ingestPort = freePort();
        String registryUrl = "http://127.0.0.1:" + registryPort;
        Map<String, String> common = Map.of(
                "GATEWATCH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                "GATEWATCH_SCHEMA_REGISTRY_URL", registryUrl,
                "GATEWATCH_METRICS_PORT", "0");
        Map<String, String> registryEnv = new java.util.HashMap<>(common);
        registryEnv.put("GATEWATCH_REGISTRY_HTTP_PORT", String.valueOf(registryPort));
        registryEnv.put("GATEWATCH_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR", "1");
        Map<String, String> ingestEnv = new java.util.HashMap<>(common);
        ingestEnv.put("GATEWATCH_HTTP_PORT", String.valueOf(ingestPort));
        ingestEnv.put("GATEWATCH_HTTP_HOST", "127.0.0.1");
        ingestEnv.put("GATEWATCH_PSEUDONYM_SECRET", "a-deployment-secret-for-tests");
        ingestEnv.put("GATEWATCH_HTTP_CLIENTS", "clinic7");
        ingestEnv.put("GATEWATCH_HTTP_CLIENT_CLINIC7_TOKEN", "clinic-7-token-0123456789");
        ingestEnv.put("GATEWATCH_HTTP_CLIENT_CLINIC7_SOURCES", "CLINIC");

        Map<String, String> streamsEnv = new java.util.HashMap<>(common);
        streamsEnv.put("GATEWATCH_STREAMS_STATE_DIR", state.toString());
        streamsEnv.put("GATEWATCH_STREAMS_SCREENING_APPLICATION_ID", "processes-it-screening");
        streamsEnv.put("GATEWATCH_STREAMS_COUNTS_APPLICATION_ID", "processes-it-counts");
        Map<String, String> sinkEnv = new java.util.HashMap<>(common);
        sinkEnv.put("GATEWATCH_SINK_JDBC_URL", POSTGRES.jdbcUrl());
        sinkEnv.put("GATEWATCH_SINK_JDBC_USER", POSTGRES.postgres().user());
        sinkEnv.put("GATEWATCH_SINK_BATCH_MAX_MS", "200");

        try (GatewatchProcess registry = GatewatchProcess.start(registryEnv, "registry");
             GatewatchProcess ingest = GatewatchProcess.start(ingestEnv, "ingest");
             GatewatchProcess streams = GatewatchProcess.start(streamsEnv, "streams");
             GatewatchProcess sink = GatewatchProcess.start(sinkEnv, "sink")) {
            registry.awaitLine("Schema registry serving " + registryUrl, Duration.ofSeconds(90));
            ingest.awaitLine("HTTP ingest listening", Duration.ofSeconds(90));
            streams.awaitLine("Running screening (processes-it-screening), counts (processes-it-counts)", Duration.ofSeconds(90));
            sink.awaitLine("Sink writing", Duration.ofSeconds(90));

            // When a clinic reports a fever over HTTP (retrying while the ingest probes Kafka for readiness)
            String body = """
                    {"eventId": "clinic-7-0042", "source": "CLINIC", "deviceId": "clinic-7", "villageCode": "330102001001",
                     "personId": "11010519491231002X", "scannedAt": %d, "temperature": {"value": 100.8, "unit": "F", "bodySite": "AXILLA"}}"""
                    .formatted(System.currentTimeMillis());
            await().atMost(Duration.ofSeconds(60)).until(() -> http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + ingestPort + "/v1/scans"))
                    .header("Authorization", "Bearer clinic-7-token-0123456789").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 202);

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

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}

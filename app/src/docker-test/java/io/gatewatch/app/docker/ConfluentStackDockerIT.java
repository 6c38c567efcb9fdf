package io.gatewatch.app.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewatch.app.GatewatchCli;
import io.gatewatch.app.Lifecycle;
import io.gatewatch.app.config.ConfigSources;
import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.app.metrics.Health;
import io.gatewatch.app.metrics.ProcessMetrics;
import io.gatewatch.app.stack.StreamsApps;
import io.gatewatch.app.ops.OpsFiles;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import io.gatewatch.sinks.jdbc.PostgresSink;
import io.gatewatch.sinks.jdbc.SinkConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The one place GateWatch meets Confluent's own Schema Registry (and container images of Apache
 * Kafka and PostgreSQL, the versions docker-compose.yml runs): the whole data path — the CLI
 * creates the topics, the simulator publishes through Confluent's registry, our deserializer and
 * Confluent's REST API agree on subjects and ids, screening and counts run exactly-once, and the
 * sink stores registrations, alerts and counts that add up to what was published. Run with {@code mvn -B verify -Pdocker -pl app -am}; without a Docker
 * engine the class is skipped (JUnit reports it disabled: "disabledWithoutDocker").
 */
@Testcontainers(disabledWithoutDocker = true)
class ConfluentStackDockerIT {
    private static final Network NETWORK = Network.newNetwork();
    private static final KafkaContainer KAFKA = new KafkaContainer(composeImage("kafka"))
            .withNetwork(NETWORK).withNetworkAliases("kafka").withListener("kafka:19092");
    @SuppressWarnings("resource")
    private static final GenericContainer<?> REGISTRY = new GenericContainer<>(composeImage("schema-registry"))
            .withNetwork(NETWORK)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
            .withExposedPorts(8081)
            .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
    private static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>(composeImage("postgres"))
            .withDatabaseName("gatewatch").withUsername("gatewatch").withPassword("gatewatch-test");

    private static String registryUrl;

    @TempDir
    static Path stateDir;

    /** The image docker-compose.yml runs for {@code service}, so this test and compose use the same versions. */
    private static String composeImage(String service) {
        String image = OpsFiles.yaml(OpsFiles.COMPOSE).path("services").path(service).path("image").asText();
        if (image.isEmpty()) {
            throw new IllegalStateException("docker-compose.yml has no image for service " + service);
        }
        return image;
    }

    @BeforeAll
    static void start() {
        KAFKA.start();
        REGISTRY.dependsOn(KAFKA).start();
        POSTGRES.start();
        registryUrl = "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081);
    }

    @AfterAll
    static void stop() {
        POSTGRES.stop();
        REGISTRY.stop();
        KAFKA.stop();
        NETWORK.close();
    }

    private static long count(Connection c, String sql) throws java.sql.SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Distinct event ids on gatewatch.scans, read to its end offsets: what screening counts once each. */
    private static long distinctEventIds(org.apache.kafka.common.serialization.Deserializer<ScanEvent> scans) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", KAFKA.getBootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(Topics.SCANS, Duration.ofSeconds(30)).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(Topics.SCANS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> ids.add(scans.deserialize(Topics.SCANS, r.value()).getEventId().toString()));
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return ids.size();
    }

    private static int cli(Map<String, String> env, String... args) {
        var cli = GatewatchCli.commandLine(env);
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void shouldPublishThroughConfluentsRegistryAndStoreWhatWasPublished() throws Exception {
        Map<String, String> env = Map.of(
                "GATEWATCH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.getBootstrapServers(),
                "GATEWATCH_SCHEMA_REGISTRY_URL", registryUrl,
                "GATEWATCH_METRICS_PORT", "0", "GATEWATCH_METRICS_ENABLED", "false");
        // an hour of traffic 10 h ago: inside screening's 24 h age bound, every upload (outages delay them up to 6 h)
        // stamped in the past, every window still open under the counts' 12 h grace
        String simStart = Instant.now().minus(Duration.ofHours(10)).truncatedTo(ChronoUnit.MINUTES).toString();

        // Given GateWatch's topics, created by the CLI
        assertThat(cli(env, "topics", "create", "--partitions", "3", "--replication-factor", "1")).isZero();

        // When the simulator publishes a bounded scenario as fast as Kafka takes it
        assertThat(cli(env, "simulate", "--seed", "11", "--villages", "3", "--speed", "0", "--rate", "0",
                "-s", "sim.start=" + simStart, "-s", "sim.duration.ms=3600000")).isZero();

        // Then Confluent's registry holds TopicNameStrategy subjects, and the wire ids are its ids
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        JsonNode subjects = json.readTree(http.send(HttpRequest.newBuilder(URI.create(registryUrl + "/subjects")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(subjects.toString()).contains(Topics.SCANS + "-value", Topics.SCANS + "-key", Topics.DEVICES + "-value");
        int latestScanId = json.readTree(http.send(HttpRequest.newBuilder(URI.create(registryUrl + "/subjects/"
                + Topics.SCANS + "-value/versions/latest")).build(), HttpResponse.BodyHandlers.ofString()).body()).path("id").asInt();

        SchemaRegistryClient registry = SchemaRegistryClients.create(Map.of("schema.registry.url", registryUrl));
        var scans = AvroSerde.forValues(ScanEvent.class, registry, Map.of("schema.registry.url", registryUrl)).deserializer();
        List<ScanEvent> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", KAFKA.getBootstrapServers(),
                "group.id", "docker-it", "auto.offset.reset", "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.SCANS));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    assertThat(r.value()[0]).isZero();
                    assertThat(ByteBuffer.wrap(r.value(), 1, 4).getInt()).isEqualTo(latestScanId);
                    read.add(scans.deserialize(Topics.SCANS, r.value()));
                });
                return !read.isEmpty();
            });
        }
        assertThat(read).allSatisfy(scan -> assertThat(scan.getEventId()).isNotBlank());

        long distinctScans = distinctEventIds(scans);

        // And screening and counts (the streams process's own start-up path, exactly-once) run against that broker and
        // registry, and the sink stores registrations, alerts and counts, all reading through Confluent's registry
        ResolvedConfig streamsConfig = ResolvedConfig.resolve(ConfigSources.merge(null, env,
                Map.of("streams.state.dir", stateDir.toString(), "counts.punctuation.interval.ms", "1000")), "streams");
        SinkConfig sinkConfig = new SinkConfig(Map.of(
                "bootstrap.servers", KAFKA.getBootstrapServers(), "schema.registry.url", registryUrl,
                "jdbc.url", POSTGRES.getJdbcUrl(), "jdbc.user", POSTGRES.getUsername(), "jdbc.password", POSTGRES.getPassword()));
        try (Lifecycle streams = new Lifecycle(Duration.ofSeconds(30));
             PostgresSink sink = new PostgresSink(sinkConfig, new SimpleMeterRegistry()).start();
             Connection c = DriverManager.getConnection(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword())) {
            ProcessMetrics metrics = streams.register("metrics", new ProcessMetrics("streams"));
            StreamsApps.start(streamsConfig, metrics, new Health(), streams, null, () -> { });
            await().atMost(Duration.ofSeconds(60)).until(() -> count(c, "SELECT count(*) FROM device_registration") == 3 * 2);
            await().atMost(Duration.ofMinutes(3)).until(() -> count(c, "SELECT coalesce(sum(scans), 0) FROM area_count "
                    + "WHERE area_level = 'COUNTY' AND window_size = 'HOUR'") == distinctScans);
            assertThat(count(c, "SELECT count(*) FROM alert WHERE alert_type = 'FEVER'")).isPositive();
            assertThat(sink.health().isHealthy()).isTrue();
        }
    }
}

package io.gatewatch.registry;

import static io.gatewatch.schema.testing.ScanEventBuilder.aScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatewatch.embedded.FreePorts;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroDeserializer;
import io.gatewatch.serde.AvroSerializer;
import io.gatewatch.serde.WireFormat;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GateWatch's registry client and serdes against a real third-party registry: Apicurio Registry
 * {@code 2.6.x} through its Confluent-compatible API ({@code /apis/ccompat/v7}), started from the
 * distribution Maven unpacks into {@code target/apicurio} (profile {@code apicurio}), bound to
 * 127.0.0.1 on a free port, in-memory storage, stopped after the class.
 *
 * <p>Apicurio's default compatibility is NONE, so the test sets BACKWARD first, as a deployment
 * must. Deviations from Confluent the client has to accept are listed in {@code schemas/REGISTRY.md}.
 */
class ApicurioCompatibilityIT {
    private static final Logger LOG = LoggerFactory.getLogger(ApicurioCompatibilityIT.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Schema V1 = new Schema.Parser().parse("""
            {"type":"record","name":"GateShift","namespace":"io.gatewatch.test","fields":[
             {"name":"checkpointId","type":"string"}]}""");
    private static final Schema V2 = new Schema.Parser().parse("""
            {"type":"record","name":"GateShift","namespace":"io.gatewatch.test","fields":[
             {"name":"checkpointId","type":"string"},{"name":"staff","type":"int","default":0}]}""");
    private static final Schema V2_INCOMPATIBLE = new Schema.Parser().parse("""
            {"type":"record","name":"GateShift","namespace":"io.gatewatch.test","fields":[
             {"name":"checkpointId","type":"string"},{"name":"staff","type":"int"}]}""");

    private static Process apicurio;
    private static Thread killOnExit;
    private static String url;

    @BeforeAll
    static void startApicurio() throws IOException {
        Path home = Path.of(System.getProperty("apicurio.home", "target/apicurio"));
        Path runner = runnerJar(home);
        int port = FreePorts.loopback();
        url = "http://127.0.0.1:" + port + "/apis/ccompat/v7";
        Path log = home.resolveSibling("apicurio.log");
        long started = System.nanoTime();
        apicurio = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.enabled=false",
                "-jar", runner.toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        killOnExit = new Thread(apicurio::destroyForcibly, "apicurio-killer");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        HttpClient http = HttpClient.newHttpClient();
        await("Apicurio ready at " + url + " (log: " + log + ")").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!apicurio.isAlive()) {
                        throw new IllegalStateException("Apicurio exited with " + apicurio.exitValue() + "; see " + log);
                    }
                    return ready(http);
                });
        LOG.info("Apicurio {} ready in {} ms", runner.getFileName(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

        client().setCompatibility(null, CompatibilityLevel.BACKWARD);
    }

    @AfterAll
    static void stopApicurio() throws InterruptedException {
        if (apicurio == null) {
            return;
        }
        apicurio.destroy();
        if (!apicurio.waitFor(20, TimeUnit.SECONDS)) {
            apicurio.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Runtime.getRuntime().removeShutdownHook(killOnExit);
    }

    @Test
    void shouldHoldBackwardCompatibilityAfterSettingIt() {
        assertThat(client().getCompatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void shouldRegisterAndGiveTheSameIdOnReRegistration() {
        int id = client().register("gatewatch.test.shift-value", V1);

        assertThat(client().register("gatewatch.test.shift-value", V1)).isEqualTo(id);
        assertThat(client().getVersions("gatewatch.test.shift-value")).containsExactly(1);
    }

    @Test
    void shouldFetchASchemaById() {
        int id = client().register("gatewatch.test.byid-value", V1);

        assertThat(client().getById(id)).isEqualTo(V1);
    }

    @Test
    void shouldLookUpAndServeLatestAndVersions() {
        CachedSchemaRegistryClient client = client();
        int v1 = client.register("gatewatch.test.versions-value", V1);
        int v2 = client.register("gatewatch.test.versions-value", V2);

        assertThat(client().lookup("gatewatch.test.versions-value", V1)).isEqualTo(
                new RegisteredSchema("gatewatch.test.versions-value", v1, 1, V1));
        assertThat(client().getLatest("gatewatch.test.versions-value").id()).isEqualTo(v2);
        assertThat(client().getVersion("gatewatch.test.versions-value", 2).schema()).isEqualTo(V2);
        assertThat(client().getSubjects()).contains("gatewatch.test.versions-value");
    }

    @Test
    void shouldRefuseAnIncompatibleChange() {
        client().register("gatewatch.test.incompatible-value", V1);

        assertThat(client().isCompatible("gatewatch.test.incompatible-value", V2_INCOMPATIBLE)).isFalse();
        assertThat(client().isCompatible("gatewatch.test.incompatible-value", V2)).isTrue();
        assertThatThrownBy(() -> client().register("gatewatch.test.incompatible-value", V2_INCOMPATIBLE))
                .isInstanceOfSatisfying(SchemaRegistryException.IncompatibleSchema.class,
                        e -> assertThat(e.errorCode()).isIn(409, 40901));
    }

    @Test
    void shouldCallAnythingCompatibleWithASubjectThatDoesNotExistYet() {
        // Apicurio answers 40402 here where Confluent answers is_compatible=true
        assertThat(client().isCompatible("gatewatch.test.fresh-value", V1)).isTrue();
    }

    @Test
    void shouldMapMissesToTheirTypes() {
        assertThatThrownBy(() -> client().getById(987_654)).isInstanceOf(SchemaRegistryException.SchemaNotFound.class);
        assertThatThrownBy(() -> client().getVersions("gatewatch.test.nobody-value"))
                .isInstanceOf(SchemaRegistryException.SubjectNotFound.class);
        client().register("gatewatch.test.miss-value", V1);
        assertThatThrownBy(() -> client().lookup("gatewatch.test.miss-value", V2))
                .isInstanceOf(SchemaRegistryException.SchemaNotFound.class);
        assertThatThrownBy(() -> client().getVersion("gatewatch.test.miss-value", 5))
                .isInstanceOf(SchemaRegistryException.VersionNotFound.class);
    }

    @Test
    void shouldReadBackARecordWrittenThroughIt() {
        ScanEvent scan = aScan().withTemperature(38.4).withCode(HealthCodeColour.RED).build();
        Map<String, Object> config = Map.of("schema.registry.url", url);
        AvroSerializer<ScanEvent> serializer = new AvroSerializer<>();
        serializer.configure(config, false);

        byte[] bytes = serializer.serialize(Topics.SCANS, scan);

        AvroDeserializer<ScanEvent> deserializer = new AvroDeserializer<>();
        deserializer.configure(Map.of("schema.registry.url", url, AvroDeserializer.VALUE_TYPE, ScanEvent.class), false);
        assertThat(bytes[0]).isZero();
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(client().lookup(Topics.SCANS + "-value", ScanEvent.getClassSchema()).id());
        assertThat(deserializer.deserialize(Topics.SCANS, bytes)).isEqualTo(scan);
    }

    @Test
    void shouldRefuseToWriteARecordWhoseSchemaItRefuses() {
        client().register("gatewatch.test.refused-value", V1);
        AvroSerializer<Object> serializer = new AvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", url), false);
        org.apache.avro.generic.GenericRecord record = new org.apache.avro.generic.GenericData.Record(V2_INCOMPATIBLE);
        record.put("checkpointId", "G1");
        record.put("staff", 3);

        assertThatThrownBy(() -> serializer.serialize("gatewatch.test.refused", record)).isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(SchemaRegistryException.IncompatibleSchema.class);
    }

    /** A fresh client per use: nothing is answered from a cache, every call reaches Apicurio. */
    private static CachedSchemaRegistryClient client() {
        return new CachedSchemaRegistryClient(new RegistryClientConfig(Map.of("schema.registry.url", url,
                "max.retries", 1, "retries.wait.ms", 200)));
    }

    private static boolean ready(HttpClient http) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/subjects"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path runnerJar(Path home) throws IOException {
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException("No Apicurio distribution at " + home.toAbsolutePath()
                    + ": run through Maven (profile apicurio unpacks it in pre-integration-test)");
        }
        try (Stream<Path> files = Files.walk(home, 2)) {
            List<Path> runners = files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).toList();
            if (runners.size() != 1) {
                throw new IllegalStateException("Expected one *-runner.jar under " + home + ", found " + runners);
            }
            return runners.get(0);
        }
    }
}

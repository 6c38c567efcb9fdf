package io.gatewatch.producers.gate;

import static io.gatewatch.producers.gate.GateScans.DEVICE;
import static io.gatewatch.producers.gate.GateScans.IDENTITY;
import static io.gatewatch.producers.gate.GateScans.PLATE_TOKENS;
import static io.gatewatch.producers.gate.GateScans.PSEUDONYMIZER;
import static io.gatewatch.producers.gate.GateScans.aScan;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatewatch.producers.gate.GateClient.Delivery;
import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryException;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import io.gatewatch.serde.WireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gate client against a {@link MockProducer}: every scan goes through the spool, what it sends,
 * how it drains, and that a crash at any named point loses no accepted scan.
 */
class GateClientTest {
    private static final long ONE_HOUR_MS = 3_600_000L;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path spoolDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final String registryUrl = "mock://gate-client-" + UUID.randomUUID();
    private final List<GateClient> clients = new ArrayList<>();
    private SchemaRegistryClient registry;

    @BeforeEach
    void registry() {
        registry = InMemorySchemaRegistryClient.forScope(registryUrl.substring("mock://".length()));
    }

    @AfterEach
    void close() {
        clients.forEach(GateClient::close);
        InMemorySchemaRegistryClient.dropScope(registryUrl.substring("mock://".length()));
    }

    @Test
    void shouldSendScanKeyedByDeviceInConfluentWireFormat() throws Exception {
        MockProducer<byte[], byte[]> kafka = autoCompleting();
        GateClient client = client(kafka, ONE_HOUR_MS);

        Delivery delivery = client.submit(aScan().build());

        await().atMost(WAIT).until(() -> produced("sent") == 1);
        ProducerRecord<byte[], byte[]> record = kafka.history().get(0);
        assertThat(record.topic()).isEqualTo(Topics.SCANS);
        assertThat(record.value()[0]).isEqualTo(WireFormat.MAGIC_BYTE);
        assertThat(keys().deserialize(Topics.SCANS, record.key())).isEqualTo(DEVICE);
        ScanEvent event = values().deserialize(Topics.SCANS, record.value());
        assertThat(event.getEventId()).isEqualTo(delivery.eventId());
        assertThat(event.getSource()).isEqualTo(ScanSource.GATE_DEVICE);
        assertThat(event.getDeviceId()).isEqualTo(DEVICE);
        assertThat(event.getVillageCode()).isEqualTo(GateScans.VILLAGE);
        assertThat(event.getScannedAt()).isEqualTo(GateScans.T0);
    }

    @Test
    void shouldSendPersonTokenAndNeverTheRawIdentity() throws Exception {
        MockProducer<byte[], byte[]> kafka = autoCompleting();
        GateClient client = client(kafka, ONE_HOUR_MS);

        client.submit(aScan().identity(IDENTITY).build());

        await().atMost(WAIT).until(() -> kafka.history().size() == 1);
        ProducerRecord<byte[], byte[]> record = kafka.history().get(0);
        assertThat(values().deserialize(Topics.SCANS, record.value()).getPersonToken()).isEqualTo(PSEUDONYMIZER.token(IDENTITY));
        assertThat(containsBytes(record.value(), IDENTITY)).isFalse();
        assertThat(containsBytes(record.key(), IDENTITY)).isFalse();
    }

    @Test
    void shouldSendThePlateTokenAndNeverTheClearPlate() throws Exception {
        MockProducer<byte[], byte[]> kafka = autoCompleting();
        GateClient client = client(kafka, ONE_HOUR_MS);

        client.submit(aScan().vehiclePlate("浙A·12345").build());

        await().atMost(WAIT).until(() -> kafka.history().size() == 1);
        ProducerRecord<byte[], byte[]> record = kafka.history().get(0);
        assertThat(values().deserialize(Topics.SCANS, record.value()).getVehiclePlate()).isEqualTo(PLATE_TOKENS.token("浙A12345"));
        assertThat(containsBytes(record.value(), "12345")).isFalse();
    }

    @Test
    void shouldKeepTheEventIdTheDeviceAssigned() throws Exception {
        MockProducer<byte[], byte[]> kafka = autoCompleting();
        GateClient client = client(kafka, ONE_HOUR_MS);

        Delivery delivery = client.submit(aScan().eventId(DEVICE + "-000042").build());

        assertThat(delivery.eventId()).isEqualTo(DEVICE + "-000042");
        await().atMost(WAIT).until(() -> kafka.history().size() == 1);
        assertThat(eventIds(kafka)).containsExactly(DEVICE + "-000042");
    }

    @Test
    void shouldGiveEveryScanItsOwnEventId() throws Exception {
        GateClient client = client(autoCompleting(), ONE_HOUR_MS);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(client.submit(aScan().build()).eventId());
        }

        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void shouldShowAnEmptySpoolFromTheStartSoTheBacklogRuleHasASeriesToWatch() throws Exception {
        client(manual(), ONE_HOUR_MS);

        assertThat(meters.get(MetricNames.SPOOL_DEPTH).gauge().value()).isZero();
    }

    @Test
    void shouldAcceptAScanIntoTheSpoolWithoutWaitingForKafka() throws Exception {
        MockProducer<byte[], byte[]> silent = manual();
        GateClient client = client(silent, ONE_HOUR_MS);

        Delivery delivery = client.submit(aScan().build());

        assertThat(spooledEventIds()).containsExactly(delivery.eventId());
        assertThat(produced("spooled")).isEqualTo(1);
        assertThat(meters.get(MetricNames.SPOOL_DEPTH).gauge().value()).isEqualTo(1.0);
    }

    @Test
    void shouldKeepASentScanInTheSpoolUntilKafkaAcknowledgesIt() throws Exception {
        MockProducer<byte[], byte[]> kafka = manual();
        GateClient client = client(kafka, ONE_HOUR_MS);
        client.submit(aScan().build());
        await().atMost(WAIT).until(() -> kafka.history().size() == 1);
        assertThat(client.spoolDepth()).isEqualTo(1);

        kafka.completeNext();

        await().atMost(WAIT).until(() -> client.spoolDepth() == 0);
        assertThat(produced("sent")).isEqualTo(1);
    }

    @Test
    void shouldSendScansInTheOrderTheyWereAccepted() throws Exception {
        MockProducer<byte[], byte[]> kafka = autoCompleting();
        GateClient client = client(kafka, ONE_HOUR_MS);

        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            accepted.add(client.submit(aScan().build()).eventId());
        }

        await().atMost(WAIT).until(() -> client.spoolDepth() == 0);
        assertThat(eventIds(kafka)).containsExactlyElementsOf(accepted);
    }

    @Test
    void shouldNeverWriteTheRawIdentityToTheSpool() throws Exception {
        GateClient client = client(manual(), ONE_HOUR_MS);
        client.submit(aScan().identity(IDENTITY).build());
        client.close();

        try (Stream<Path> files = Files.list(spoolDir)) {
            assertThat(files.filter(Files::isRegularFile).toList()).allSatisfy(file ->
                    assertThat(containsBytes(Files.readAllBytes(file), IDENTITY)).as(file.toString()).isFalse());
        }
    }

    @Test
    void shouldHoldScansWhileTheSchemaRegistryIsUnreachableAndSendThemWhenItReturns() throws Exception {
        MockProducer<byte[], byte[]> kafka = autoCompleting();
        AtomicBoolean registryDown = new AtomicBoolean(true);
        GateClient client = client(kafka, 20, failing(registry, registryDown));

        Delivery delivery = client.submit(aScan().build());
        Thread.sleep(100); // a few drain rounds against the unreachable registry
        assertThat(kafka.history()).isEmpty();
        registryDown.set(false);

        await().atMost(WAIT).until(() -> client.spoolDepth() == 0);
        assertThat(eventIds(kafka)).containsExactly(delivery.eventId());
    }

    @Test
    void shouldDrainSpoolInOrderWhenKafkaReturns() throws Exception {
        List<String> spooledIds = spoolScansWithKafkaDown(5);
        MockProducer<byte[], byte[]> kafka = autoCompleting();

        GateClient client = client(kafka, 20);

        await().atMost(WAIT).until(() -> client.spoolDepth() == 0);
        assertThat(eventIds(kafka)).containsExactlyElementsOf(spooledIds);
        assertThat(produced("sent")).isEqualTo(5);
    }

    @Test
    void shouldKeepScansInTheSpoolWhileKafkaStaysDown() throws Exception {
        spoolScansWithKafkaDown(3);
        MockProducer<byte[], byte[]> kafka = manual();
        GateClient client = client(kafka, 20);

        await().atMost(WAIT).until(() -> kafka.history().size() == 1); // the probe
        kafka.errorNext(new TimeoutException("expired"));
        await().atMost(WAIT).until(() -> kafka.history().size() == 2); // the next probe

        assertThat(client.spoolDepth()).isEqualTo(3);
    }

    @Test
    void shouldResendFromTheFirstScanKafkaDidNotAcknowledge() throws Exception {
        List<String> accepted = spoolScansWithKafkaDown(3);
        MockProducer<byte[], byte[]> kafka = manual();
        GateClient client = client(kafka, 20);
        await().atMost(WAIT).until(() -> kafka.history().size() == 1); // the probe
        kafka.completeNext();
        await().atMost(WAIT).until(() -> kafka.history().size() == 3); // the rest, as a batch

        kafka.errorNext(new TimeoutException("expired"));

        await().atMost(WAIT).until(() -> kafka.history().size() == 4); // the next probe
        assertThat(eventIds(kafka)).containsExactly(accepted.get(0), accepted.get(1), accepted.get(2), accepted.get(1));
        assertThat(client.spoolDepth()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- crashes at named points

    @Test
    void shouldDeliverScansAcceptedWhileKafkaWasSilentAfterTheGateIsKilled() throws Exception {
        // Given a gate whose Kafka takes scans but never answers (a broker outage that has just begun)
        MockProducer<byte[], byte[]> silent = manual();
        GateClient gate = client(silent, ONE_HOUR_MS);
        List<String> accepted = submit(gate, 4);
        await().atMost(WAIT).until(() -> !silent.history().isEmpty());

        // When the gate controller is killed with the scans in the producer's hands
        gate.halt();

        // Then the next run delivers every one of them
        assertThat(deliveredAfterRestart()).containsAll(accepted);
    }

    /** BEFORE_SEND: accepted, not yet sent; BEFORE_SPOOL_ACK: Kafka has them, the spool does not know (resent: duplicates). */
    @ParameterizedTest
    @EnumSource(GateClient.Point.class)
    void shouldDeliverEveryAcceptedScanAfterACrashAt(GateClient.Point point) throws Exception {
        CountDownLatch reached = new CountDownLatch(1);
        GateClient gate = clientStoppingAt(point, reached);
        List<String> accepted = submit(gate, 5);
        reached.await();

        gate.halt();

        assertThat(deliveredAfterRestart()).containsAll(accepted);
    }

    @Test
    void shouldRefuseWithSpoolFullExceptionWhenTheSpoolIsFull() throws Exception {
        Map<String, Object> props = config(ONE_HOUR_MS);
        props.put(GateClientConfig.SPOOL_MAX_BYTES, 4096);
        props.put(GateClientConfig.SPOOL_SEGMENT_BYTES, 1024);
        GateClient client = build(props, manual(), registry);

        Throwable refusal = null;
        for (int i = 0; i < 1000 && refusal == null; i++) {
            try {
                client.submit(aScan().build());
            } catch (SpoolFullException e) {
                refusal = e;
            }
        }

        assertThat(refusal).isInstanceOf(SpoolFullException.class);
        long depth = client.spoolDepth();
        assertThatThrownBy(() -> client.submit(aScan().build())).isInstanceOf(SpoolFullException.class);
        assertThat(client.spoolDepth()).isEqualTo(depth);
        assertThat(produced("failed")).isEqualTo(2);
        assertThat(produced("spooled")).isEqualTo(depth);
    }

    @Test
    void shouldRefuseSubmitsAfterClose() {
        GateClient client = client(autoCompleting(), ONE_HOUR_MS);
        client.close();

        assertThatThrownBy(() -> client.submit(aScan().build())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldNameTheKeyOfABadSetting() {
        Map<String, Object> props = config(ONE_HOUR_MS);
        props.put(GateClientConfig.VILLAGE_CODE, "3301");

        assertThatThrownBy(() -> new GateClientConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(GateClientConfig.VILLAGE_CODE);
    }

    @Test
    void shouldRefuseAShortSecretWithoutPrintingIt() {
        Map<String, Object> props = config(ONE_HOUR_MS);
        props.put(GateClientConfig.PSEUDONYM_SECRET, "short-secret");

        assertThatThrownBy(() -> new GateClientConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(GateClientConfig.PSEUDONYM_SECRET)
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void shouldRefuseSegmentsLargerThanTheSpool() {
        Map<String, Object> props = config(ONE_HOUR_MS);
        props.put(GateClientConfig.SPOOL_MAX_BYTES, 8192);
        props.put(GateClientConfig.SPOOL_SEGMENT_BYTES, 16384);

        assertThatThrownBy(() -> new GateClientConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(GateClientConfig.SPOOL_SEGMENT_BYTES);
    }

    @Test
    void shouldImposeIdempotenceAndAcksAllWhateverTheOverrides() {
        Map<String, Object> props = config(ONE_HOUR_MS);
        props.put("kafka.producer.acks", "1");
        props.put("kafka.producer.enable.idempotence", "false");
        props.put("kafka.producer.compression.type", "lz4");

        Map<String, Object> producer = new GateClientConfig(props).producerProps();

        assertThat(producer).containsEntry("acks", "all").containsEntry("enable.idempotence", true)
                .containsEntry("compression.type", "lz4");
    }

    // ---------------------------------------------------------------- helpers

    /** Accepts {@code count} scans into a client whose Kafka never answers, then closes it; returns their ids in order. */
    private List<String> spoolScansWithKafkaDown(int count) throws Exception {
        GateClient client = build(config(ONE_HOUR_MS), manual(), registry);
        List<String> ids = submit(client, count);
        client.close();
        return ids;
    }

    private static List<String> submit(GateClient client, int count) throws SpoolFullException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(client.submit(aScan().build()).eventId());
        }
        return ids;
    }

    /** A client on a Kafka that acknowledges everything, whose drainer freezes at {@code point} (until halted). */
    private GateClient clientStoppingAt(GateClient.Point point, CountDownLatch reached) {
        GateClient client = GateClient.builder()
                .config(config(ONE_HOUR_MS))
                .meterRegistry(meters)
                .schemaRegistryClient(registry)
                .producerFactory(p -> autoCompleting())
                .crashPoints(at -> {
                    if (at == point) {
                        reached.countDown();
                        new CountDownLatch(1).await(); // frozen here until the "kill" interrupts it
                    }
                })
                .build();
        clients.add(client);
        return client;
    }

    /** Starts the gate again on the same spool with a healthy Kafka; returns the event ids it delivered. */
    private List<String> deliveredAfterRestart() {
        MockProducer<byte[], byte[]> kafka = autoCompleting();
        GateClient restarted = client(kafka, 20);
        await().atMost(WAIT).until(() -> restarted.spoolDepth() == 0);
        return eventIds(kafka);
    }

    /** The event ids waiting in the spool, read from its files as the next run would. */
    private List<String> spooledEventIds() throws Exception {
        List<String> ids = new ArrayList<>();
        Path copy = Files.createTempDirectory("spool-copy");
        try (Stream<Path> files = Files.list(spoolDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".seg")).toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        try (FileSpool spool = FileSpool.open(copy, FileSpool.Options.defaults())) {
            for (FileSpool.Entry entry : spool.read(1000)) {
                ids.add(GateClient.decode(entry.payload()).getEventId());
            }
        }
        return ids;
    }

    private List<String> eventIds(MockProducer<byte[], byte[]> kafka) {
        return kafka.history().stream().map(r -> values().deserialize(Topics.SCANS, r.value()).getEventId()).toList();
    }

    private GateClient client(MockProducer<byte[], byte[]> kafka, long drainIntervalMs) {
        return client(kafka, drainIntervalMs, registry);
    }

    private GateClient client(MockProducer<byte[], byte[]> kafka, long drainIntervalMs, SchemaRegistryClient registryClient) {
        return build(config(drainIntervalMs), kafka, registryClient);
    }

    private GateClient build(Map<String, Object> props, MockProducer<byte[], byte[]> kafka, SchemaRegistryClient registryClient) {
        GateClient client = GateClient.builder()
                .config(props)
                .meterRegistry(meters)
                .schemaRegistryClient(registryClient)
                .producerFactory(p -> kafka)
                .build();
        clients.add(client);
        return client;
    }

    private Map<String, Object> config(long drainIntervalMs) {
        Map<String, Object> props = GateScans.clientConfig("unused:9092", registryUrl, spoolDir);
        props.put(GateClientConfig.DRAIN_INTERVAL_MS, drainIntervalMs);
        props.put(GateClientConfig.CLOSE_TIMEOUT_MS, 100); // a Kafka that never answers must not hold up close()
        return props;
    }

    private static MockProducer<byte[], byte[]> autoCompleting() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static MockProducer<byte[], byte[]> manual() {
        return new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private double produced(String outcome) {
        return meters.get(MetricNames.PRODUCED).tag("source", "gate_device").tag("outcome", outcome).counter().count();
    }

    private Deserializer<String> keys() {
        return AvroSerde.forKeys(String.class, registry, Map.of("schema.registry.url", registryUrl)).deserializer();
    }

    private Deserializer<ScanEvent> values() {
        return AvroSerde.forValues(ScanEvent.class, registry, Map.of("schema.registry.url", registryUrl)).deserializer();
    }

    static boolean containsBytes(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(UTF_8);
        return IntStream.rangeClosed(0, haystack.length - n.length).anyMatch(i ->
                IntStream.range(0, n.length).allMatch(j -> haystack[i + j] == n[j]));
    }

    /** A registry client that throws as an unreachable registry would while {@code down} is set. */
    private static SchemaRegistryClient failing(SchemaRegistryClient delegate, AtomicBoolean down) {
        return (SchemaRegistryClient) Proxy.newProxyInstance(SchemaRegistryClient.class.getClassLoader(),
                new Class<?>[] {SchemaRegistryClient.class}, (proxy, method, args) -> {
                    if (down.get()) {
                        throw new SchemaRegistryException(SchemaRegistryException.STORE_ERROR, "registry unreachable");
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}

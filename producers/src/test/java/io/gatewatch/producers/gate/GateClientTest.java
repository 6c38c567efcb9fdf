package io.gatewatch.producers.gate;

import static io.gatewatch.producers.gate.GateScans.DEVICE;
import static io.gatewatch.producers.gate.GateScans.IDENTITY;
import static io.gatewatch.producers.gate.GateScans.PSEUDONYMIZER;
import static io.gatewatch.producers.gate.GateScans.aScan;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gatewatch.producers.gate.GateClient.Delivery;
import io.gatewatch.producers.gate.GateClient.Outcome;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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

/** The gate client against a {@link MockProducer}: what it sends, when it spools, how it drains. */
class GateClientTest {
    private static final long ONE_HOUR_MS = 3_600_000L;

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

        Delivery delivery = client.record(aScan().build());

        assertThat(delivery.outcome()).isEqualTo(Outcome.SENT);
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
        assertThat(produced("sent")).isEqualTo(1);
    }

    @Test
    void shouldSendPersonTokenAndNeverTheRawIdentity() throws Exception {
        MockProducer<byte[], byte[]> kafka = autoCompleting();
        GateClient client = client(kafka, ONE_HOUR_MS);

        client.record(aScan().identity(IDENTITY).build());

        ProducerRecord<byte[], byte[]> record = kafka.history().get(0);
        assertThat(values().deserialize(Topics.SCANS, record.value()).getPersonToken()).isEqualTo(PSEUDONYMIZER.token(IDENTITY));
        assertThat(containsBytes(record.value(), IDENTITY)).isFalse();
        assertThat(containsBytes(record.key(), IDENTITY)).isFalse();
    }

    @Test
    void shouldKeepTheEventIdTheDeviceAssigned() throws Exception {
        MockProducer<byte[], byte[]> kafka = autoCompleting();
        GateClient client = client(kafka, ONE_HOUR_MS);

        Delivery delivery = client.record(aScan().eventId(DEVICE + "-000042").build());

        assertThat(delivery.eventId()).isEqualTo(DEVICE + "-000042");
        assertThat(values().deserialize(Topics.SCANS, kafka.history().get(0).value()).getEventId()).isEqualTo(DEVICE + "-000042");
    }

    @Test
    void shouldGiveEveryScanItsOwnEventId() throws Exception {
        MockProducer<byte[], byte[]> kafka = autoCompleting();
        GateClient client = client(kafka, ONE_HOUR_MS);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(client.record(aScan().build()).eventId());
        }

        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void shouldSpoolScanKafkaDidNotAcknowledge() throws Exception {
        MockProducer<byte[], byte[]> kafka = manual();
        GateClient client = client(kafka, ONE_HOUR_MS);
        CompletableFuture<Delivery> pending = client.submit(aScan().build());

        kafka.errorNext(new TimeoutException("Expiring 1 record(s): 30000 ms has passed since batch creation"));

        assertThat(pending.get().outcome()).isEqualTo(Outcome.SPOOLED);
        assertThat(client.spoolDepth()).isEqualTo(1);
        assertThat(produced("spooled")).isEqualTo(1);
        assertThat(meters.get(MetricNames.SPOOL_DEPTH).gauge().value()).isEqualTo(1.0);
    }

    @Test
    void shouldSpoolNewScansBehindSpooledOnesWithoutTryingKafka() throws Exception {
        MockProducer<byte[], byte[]> kafka = manual();
        GateClient client = client(kafka, ONE_HOUR_MS);
        CompletableFuture<Delivery> first = client.submit(aScan().build());
        kafka.errorNext(new TimeoutException("expired"));
        first.get();

        Delivery second = client.submit(aScan().build()).get();

        assertThat(second.outcome()).isEqualTo(Outcome.SPOOLED);
        assertThat(kafka.history()).hasSize(1);
        assertThat(client.spoolDepth()).isEqualTo(2);
    }

    @Test
    void shouldNeverWriteTheRawIdentityToTheSpool() throws Exception {
        MockProducer<byte[], byte[]> kafka = manual();
        GateClient client = client(kafka, ONE_HOUR_MS);
        CompletableFuture<Delivery> pending = client.submit(aScan().identity(IDENTITY).build());
        kafka.errorNext(new TimeoutException("expired"));
        pending.get();
        client.close();

        try (Stream<Path> files = Files.list(spoolDir)) {
            assertThat(files.filter(Files::isRegularFile).toList()).allSatisfy(file ->
                    assertThat(containsBytes(Files.readAllBytes(file), IDENTITY)).as(file.toString()).isFalse());
        }
    }

    @Test
    void shouldSpoolWhileTheSchemaRegistryIsUnreachable() throws Exception {
        MockProducer<byte[], byte[]> kafka = autoCompleting();
        AtomicBoolean registryDown = new AtomicBoolean(true);
        GateClient client = client(kafka, ONE_HOUR_MS, failing(registry, registryDown));

        Delivery delivery = client.record(aScan().build());

        assertThat(delivery.outcome()).isEqualTo(Outcome.SPOOLED);
        assertThat(kafka.history()).isEmpty();
    }

    @Test
    void shouldDrainSpoolInOrderWhenKafkaReturns() throws Exception {
        List<String> spooledIds = spoolScansWithKafkaDown(5);
        MockProducer<byte[], byte[]> kafka = autoCompleting();

        GateClient client = client(kafka, 20);

        await().atMost(Duration.ofSeconds(10)).until(() -> client.spoolDepth() == 0);
        assertThat(kafka.history()).extracting(r -> values().deserialize(Topics.SCANS, r.value()).getEventId())
                .containsExactlyElementsOf(spooledIds);
        assertThat(produced("sent")).isEqualTo(5);
    }

    @Test
    void shouldSendDirectlyAgainOnceTheSpoolIsDrained() throws Exception {
        spoolScansWithKafkaDown(2);
        MockProducer<byte[], byte[]> kafka = autoCompleting();
        GateClient client = client(kafka, 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.spoolDepth() == 0);

        Delivery next = client.record(aScan().build());

        assertThat(next.outcome()).isEqualTo(Outcome.SENT);
    }

    @Test
    void shouldKeepScansInTheSpoolWhileKafkaStaysDown() throws Exception {
        spoolScansWithKafkaDown(3);
        MockProducer<byte[], byte[]> kafka = manual();
        GateClient client = client(kafka, 20);

        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.history().size() == 1); // the probe
        kafka.errorNext(new TimeoutException("expired"));
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.history().size() == 2); // the next probe

        assertThat(client.spoolDepth()).isEqualTo(3);
    }

    @Test
    void shouldRefuseWithSpoolFullExceptionWhenTheSpoolIsFull() throws Exception {
        MockProducer<byte[], byte[]> kafka = manual();
        Map<String, Object> props = config(ONE_HOUR_MS);
        props.put(GateClientConfig.SPOOL_MAX_BYTES, 4096);
        props.put(GateClientConfig.SPOOL_SEGMENT_BYTES, 1024);
        GateClient client = build(props, kafka, registry);
        CompletableFuture<Delivery> first = client.submit(aScan().build());
        kafka.errorNext(new TimeoutException("expired"));
        first.get();

        Throwable refusal = null;
        for (int i = 0; i < 1000 && refusal == null; i++) {
            try {
                client.record(aScan().build());
            } catch (SpoolFullException e) {
                refusal = e;
            }
        }

        assertThat(refusal).isInstanceOf(SpoolFullException.class);
        long depth = client.spoolDepth();
        assertThatThrownBy(() -> client.record(aScan().build())).isInstanceOf(SpoolFullException.class);
        assertThat(client.spoolDepth()).isEqualTo(depth);
        assertThat(produced("failed")).isEqualTo(2);
        assertThat(produced("spooled")).isEqualTo(depth);
    }

    @Test
    void shouldRefuseSubmitsAfterClose() {
        GateClient client = client(autoCompleting(), ONE_HOUR_MS);
        client.close();

        assertThatThrownBy(() -> client.submit(aScan().build()).get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
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
        props.put("producer.acks", "1");
        props.put("producer.enable.idempotence", "false");
        props.put("producer.compression.type", "lz4");

        Map<String, Object> producer = new GateClientConfig(props).producerProps();

        assertThat(producer).containsEntry("acks", "all").containsEntry("enable.idempotence", true)
                .containsEntry("compression.type", "lz4");
    }

    // ---------------------------------------------------------------- helpers

    /** Spools {@code count} scans through a client whose Kafka never acknowledges; returns their ids in order. */
    private List<String> spoolScansWithKafkaDown(int count) throws Exception {
        MockProducer<byte[], byte[]> down = manual();
        GateClient client = build(config(ONE_HOUR_MS), down, registry);
        List<String> ids = new ArrayList<>();
        CompletableFuture<Delivery> first = client.submit(aScan().build());
        down.errorNext(new TimeoutException("expired"));
        ids.add(first.get().eventId());
        for (int i = 1; i < count; i++) {
            ids.add(client.record(aScan().build()).eventId());
        }
        client.close();
        return ids;
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

package io.gatewatch.producers.sim;

import static io.gatewatch.producers.sim.Scenarios.aSmallCounty;
import static io.gatewatch.producers.sim.Scenarios.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ObservationPartitioning;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The publisher on a {@link MockProducer}: what goes where, in which order, and what it counts. */
class SimulatorTest {
    private final String scope = "simulator-test-" + UUID.randomUUID();
    private final InMemorySchemaRegistryClient registry = InMemorySchemaRegistryClient.forScope(scope);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** The watchlist topic, with as many partitions as the scans' (as the topic layout makes it). */
    private static final int OBSERVATION_PARTITIONS = 3;
    private final MockProducer<byte[], byte[]> kafka = new MockProducer<>(aClusterWithTheWatchlistTopic(), true, null,
            new ByteArraySerializer(), new ByteArraySerializer());

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistryClient.dropScope(scope);
    }

    @Test
    void shouldPublishTheDeviceRegistryBeforeTheFirstScan() throws InterruptedException {
        Simulator simulator = simulator(aSmallCounty());

        Simulator.Report report = simulator.run();

        List<ProducerRecord<byte[], byte[]>> sent = kafka.history();
        int watchlist = (int) report.watchlistPublished();
        assertThat(report.devicesPublished()).isEqualTo(12);
        assertThat(sent.subList(0, 12)).allSatisfy(r -> assertThat(r.topic()).isEqualTo(Topics.DEVICES));
        assertThat(sent.subList(12, 12 + watchlist)).allSatisfy(r -> assertThat(r.topic()).isEqualTo(Topics.OBSERVATION));
        assertThat(sent.subList(12 + watchlist, sent.size())).isNotEmpty().allSatisfy(r -> assertThat(r.topic()).isEqualTo(Topics.SCANS));
    }

    @Test
    void shouldPublishTheWatchlistAsTheObservationImportWouldBeforeTheFirstScan() throws InterruptedException {
        // Given a county where some residents are under observation
        SimulatorConfig config = new SimulatorConfig(config(aSmallCounty()));
        ScanGenerator generator = new ScanGenerator(config);
        List<ObservationEntry> expected = generator.watchlistEntries();

        // When the simulator runs
        new Simulator(config, generator, kafka, registry, meters, Pacer.SYSTEM).run();

        // Then every entry is on the watchlist topic, keyed and placed by its token, stamped before the first scan
        var serdeProps = Map.of("schema.registry.url", "mock://" + scope);
        var entries = AvroSerde.forValues(ObservationEntry.class, registry, serdeProps).deserializer();
        var keys = AvroSerde.forKeys(String.class, registry, serdeProps).deserializer();
        List<ProducerRecord<byte[], byte[]>> published = kafka.history().stream().filter(r -> r.topic().equals(Topics.OBSERVATION)).toList();
        assertThat(expected).isNotEmpty();
        assertThat(published).map(r -> entries.deserialize(Topics.OBSERVATION, r.value())).containsExactlyElementsOf(expected);
        assertThat(published).allSatisfy(r -> {
            String token = keys.deserialize(Topics.OBSERVATION, r.key());
            assertThat(token).isEqualTo(entries.deserialize(Topics.OBSERVATION, r.value()).getPersonToken());
            assertThat(r.partition()).isEqualTo(ObservationPartitioning.partitionOf(token, OBSERVATION_PARTITIONS));
            assertThat(r.timestamp()).isEqualTo(generator.watchlist().knownSince().toEpochMilli())
                    .isLessThan(generator.start().toEpochMilli());
        });
    }

    @Test
    void shouldPublishNoWatchlistWhenToldNot() throws InterruptedException {
        Simulator.Report report = simulator(with(aSmallCounty(), SimulatorConfig.PUBLISH_WATCHLIST, false)).run();

        assertThat(report.watchlistPublished()).isZero();
        assertThat(kafka.history()).noneMatch(r -> r.topic().equals(Topics.OBSERVATION));
    }

    @Test
    void shouldSendEveryRecordTheGeneratorMadeInItsOrder() throws InterruptedException {
        Simulator simulator = simulator(aSmallCounty());
        List<SimRecord> expected = new ScanGenerator(new ScenarioConfig(config(aSmallCounty()))).stream().toList();

        Simulator.Report report = simulator.run();

        var values = AvroSerde.forValues(ScanEvent.class, registry, Map.of("schema.registry.url", "mock://" + scope)).deserializer();
        List<String> sentIds = kafka.history().stream().filter(r -> r.topic().equals(Topics.SCANS))
                .map(r -> values.deserialize(Topics.SCANS, r.value()).getEventId()).toList();
        assertThat(sentIds).containsExactlyElementsOf(expected.stream().map(r -> ((SimRecord.Scan) r).event().getEventId()).toList());
        assertThat(report.recordsAcknowledged()).isEqualTo(report.truth().records()).isEqualTo(expected.size());
        assertThat(report.sendFailures()).isZero();
    }

    @Test
    void shouldSendMalformedRecordsAsRawBytes() throws InterruptedException {
        Map<String, Object> props = with(aSmallCounty(), ScenarioConfig.MALFORMED_RATE, 0.05);
        List<byte[]> malformed = new ScanGenerator(new ScenarioConfig(config(props))).stream()
                .filter(r -> r instanceof SimRecord.Malformed).map(r -> ((SimRecord.Malformed) r).value()).toList();

        simulator(props).run();

        List<byte[]> sent = kafka.history().stream().filter(r -> r.topic().equals(Topics.SCANS)).map(ProducerRecord::value)
                .filter(v -> malformed.stream().anyMatch(m -> java.util.Arrays.equals(m, v))).toList();
        assertThat(malformed).isNotEmpty();
        assertThat(sent).hasSameSizeAs(malformed);
    }

    @Test
    void shouldReportTheWholeRunWhenRunInTheBackground() throws Exception {
        Simulator.Report report = simulator(aSmallCounty()).runAsync().get();

        assertThat(report.recordsAcknowledged()).isEqualTo(report.truth().records());
        assertThat(kafka.history()).hasSize((int) (report.devicesPublished() + report.watchlistPublished() + report.recordsAcknowledged()));
    }

    @Test
    void shouldCountProducedRecordsBySource() throws InterruptedException {
        Simulator.Report report = simulator(aSmallCounty()).run();

        for (ScanSource source : List.of(ScanSource.GATE_DEVICE, ScanSource.PHONE_APP, ScanSource.CLINIC)) {
            assertThat(meters.get(MetricNames.PRODUCED).tag("source", source.name().toLowerCase(Locale.ROOT)).tag("outcome", "sent")
                    .counter().count()).as(source.name()).isEqualTo(report.truth().recordsBySource().get(source).doubleValue());
        }
    }

    @Test
    void shouldSendNothingOnceStopped() throws InterruptedException {
        Simulator simulator = simulator(aSmallCounty());
        simulator.stop();

        Simulator.Report report = simulator.run();

        assertThat(report.truth().records()).isZero();
        assertThat(kafka.history()).allSatisfy(r -> assertThat(r.topic()).isIn(Topics.DEVICES, Topics.OBSERVATION));
    }

    @Test
    void shouldStopAndNameTheRecordKafkaDidNotAcknowledge() throws InterruptedException {
        // Given a Kafka that gives up on the 50th scan (an outage longer than sim.kafka.unavailable.max.ms)
        MockProducer<byte[], byte[]> failing = failingOnScan(50);
        SimulatorConfig config = new SimulatorConfig(config(aSmallCounty()));
        Simulator simulator = new Simulator(config, new ScanGenerator(config), failing, registry, meters, Pacer.SYSTEM);

        // When it runs
        Simulator.Report report = simulator.run();

        // Then it stops there and names the record the truth counts but Kafka does not have
        List<ProducerRecord<byte[], byte[]>> scans = failing.history().stream().filter(r -> r.topic().equals(Topics.SCANS)).toList();
        String fiftieth = values().deserialize(Topics.SCANS, scans.get(49).value()).getEventId();
        assertThat(report.complete()).isFalse();
        assertThat(report.sendFailures()).isEqualTo(1);
        assertThat(report.unacknowledged()).singleElement().asString().startsWith(fiftieth);
        assertThat(report.truth().records()).isEqualTo(50);
    }

    @Test
    void shouldLetTheOutageBoundSetTheProducersTimeouts() {
        Map<String, Object> props = config(aSmallCounty());
        props.put(SimulatorConfig.KAFKA_UNAVAILABLE_MAX_MS, 90_000L);
        props.put("kafka.producer.delivery.timeout.ms", 8_000);
        props.put("kafka.producer.max.block.ms", 5_000);

        Map<String, Object> producer = new SimulatorConfig(props).producerProps();

        assertThat(producer).containsEntry("delivery.timeout.ms", 90_000).containsEntry("max.block.ms", 90_000L);
    }

    /** Acknowledges everything except scan number {@code n} (1-based), which it fails as an expired batch. */
    private static MockProducer<byte[], byte[]> failingOnScan(int n) {
        return new MockProducer<>(aClusterWithTheWatchlistTopic(), true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
            private int scans;

            @Override
            public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                    ProducerRecord<byte[], byte[]> record, org.apache.kafka.clients.producer.Callback callback) {
                if (record.topic().equals(Topics.SCANS) && ++scans == n) {
                    super.send(record, (metadata, e) -> { }); // in the history, as the producer had it
                    var expired = new org.apache.kafka.common.errors.TimeoutException("Expiring 1 record(s): 300000 ms has passed");
                    callback.onCompletion(null, expired);
                    return java.util.concurrent.CompletableFuture.failedFuture(expired);
                }
                return super.send(record, callback);
            }
        };
    }

    private static org.apache.kafka.common.Cluster aClusterWithTheWatchlistTopic() {
        org.apache.kafka.common.Node broker = new org.apache.kafka.common.Node(0, "localhost", 9092);
        List<org.apache.kafka.common.PartitionInfo> partitions = java.util.stream.IntStream.range(0, OBSERVATION_PARTITIONS)
                .mapToObj(p -> new org.apache.kafka.common.PartitionInfo(Topics.OBSERVATION, p, broker,
                        new org.apache.kafka.common.Node[] {broker}, new org.apache.kafka.common.Node[] {broker}))
                .toList();
        return new org.apache.kafka.common.Cluster("sim-test", List.of(broker), partitions, java.util.Set.of(), java.util.Set.of());
    }

    private org.apache.kafka.common.serialization.Deserializer<ScanEvent> values() {
        return AvroSerde.forValues(ScanEvent.class, registry, Map.of("schema.registry.url", "mock://" + scope)).deserializer();
    }

    private Simulator simulator(Map<String, Object> scenario) {
        SimulatorConfig config = new SimulatorConfig(config(scenario));
        return new Simulator(config, new ScanGenerator(config), kafka, registry, meters, Pacer.SYSTEM);
    }

    private Map<String, Object> config(Map<String, Object> scenario) {
        Map<String, Object> props = with(scenario, SimulatorConfig.BOOTSTRAP_SERVERS, "unused:9092");
        props.put(SimulatorConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
        return props;
    }
}

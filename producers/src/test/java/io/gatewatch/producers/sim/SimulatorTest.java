package io.gatewatch.producers.sim;

import static io.gatewatch.producers.sim.Scenarios.aSmallCounty;
import static io.gatewatch.producers.sim.Scenarios.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.schema.MetricNames;
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
    private final MockProducer<byte[], byte[]> kafka = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistryClient.dropScope(scope);
    }

    @Test
    void shouldPublishTheDeviceRegistryBeforeTheFirstScan() throws InterruptedException {
        Simulator simulator = simulator(aSmallCounty());

        Simulator.Report report = simulator.run();

        List<ProducerRecord<byte[], byte[]>> sent = kafka.history();
        assertThat(report.devicesPublished()).isEqualTo(12);
        assertThat(sent.subList(0, 12)).allSatisfy(r -> assertThat(r.topic()).isEqualTo(Topics.DEVICES));
        assertThat(sent.subList(12, sent.size())).isNotEmpty().allSatisfy(r -> assertThat(r.topic()).isEqualTo(Topics.SCANS));
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
        assertThat(kafka.history()).allSatisfy(r -> assertThat(r.topic()).isEqualTo(Topics.DEVICES));
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

package io.gatewatch.producers.sim;

import static io.gatewatch.producers.sim.Scenarios.aSmallCounty;
import static io.gatewatch.producers.sim.Scenarios.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.producers.gate.TopicRecords;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.registry.server.EmbeddedSchemaRegistry;
import io.gatewatch.schema.AreaLevel;
import io.gatewatch.schema.CheckinSchedule;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ObservationPartitioning;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.TemperatureStatus;
import io.gatewatch.schema.Topics;
import io.gatewatch.schema.WindowSize;
import io.gatewatch.serde.AvroSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The simulator against a real broker: what lands on the topics is exactly what its ground truth says. */
class SimulatorIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static EmbeddedSchemaRegistry registry;
    private static Map<String, Object> serde;
    private static SchemaRegistryClient registryClient;

    @BeforeAll
    static void topicsAndRegistry() {
        registry = SimulatorBroker.prepare(KAFKA);
        serde = Map.of("schema.registry.url", registry.url());
        registryClient = SchemaRegistryClients.create(serde);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldPutExactlyItsGroundTruthOnTheTopics() throws Exception {
        Map<String, Object> props = with(with(with(with(aSmallCounty(), ScenarioConfig.DUPLICATE_RATE, 0.03),
                ScenarioConfig.MALFORMED_RATE, 0.01), ScenarioConfig.OUTAGE_RATE, 0.3), ScenarioConfig.FAHRENHEIT_DEVICE_SHARE, 0.3);
        props.put(SimulatorConfig.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        props.put(SimulatorConfig.SCHEMA_REGISTRY_URL, registry.url());

        Simulator.Report report;
        try (Simulator simulator = Simulator.create(new SimulatorConfig(props), new SimpleMeterRegistry())) {
            report = simulator.run();
        }
        GroundTruth truth = report.truth();

        Map<String, DeviceRegistration> registry = readDevices();
        List<ScanEvent> scans = new ArrayList<>();
        long malformed = readScans(scans);
        Recount recount = new Recount(registry, scans, malformed);

        assertThat(report.sendFailures()).isZero();
        assertThat(registry).hasSize((int) report.devicesPublished()).hasSize(12);
        assertThat(scans.size() + malformed).isEqualTo(truth.records());
        assertThat(truth.malformed()).isEqualTo(recount.malformed).isPositive();
        assertThat(truth.duplicates()).isEqualTo(recount.duplicates).isPositive();
        assertThat(truth.uniqueEvents()).isEqualTo(recount.unique.size());
        assertThat(truth.recordsBySource()).isEqualTo(recount.recordsBySource);
        assertThat(truth.lateUploads()).isPositive();
        assertThat(truth.fevers()).isEqualTo(recount.count(s -> s == TemperatureStatus.FEVER)).isPositive();
        assertThat(truth.temperatureStatus(TemperatureStatus.IMPLAUSIBLE)).isEqualTo(recount.count(s -> s == TemperatureStatus.IMPLAUSIBLE));
        assertThat(truth.healthCodes(HealthCodeColour.YELLOW)).isEqualTo(recount.codes(HealthCodeColour.YELLOW));
        assertThat(truth.healthCodes(HealthCodeColour.RED)).isEqualTo(recount.codes(HealthCodeColour.RED));
        assertThat(truth.deviceFaultScans()).isEqualTo(recount.deviceFaults());
        assertThat(truth.windows(AreaLevel.VILLAGE, WindowSize.DAY)).hasSize(6)
                .allSatisfy((key, figures) -> assertThat(figures).isEqualTo(recount.villageDay(key)));
        // the watchlist on its topic, known before the first scan, and the observation figures recounted from both topics
        List<ConsumerRecord<byte[], byte[]>> watchlist = readWatchlist();
        List<ObservationEntry> entries = watchlist.stream().map(r -> observationValues().deserialize(Topics.OBSERVATION, r.value())).toList();
        Instant knownSince = Instant.ofEpochMilli(watchlist.get(0).timestamp());
        assertThat(watchlist).hasSize((int) report.watchlistPublished()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(knownSince.toEpochMilli()));
        assertThat(scans).allSatisfy(scan -> assertThat(scan.getScannedAt()).isAfter(knownSince));
        assertThat(truth.observationBreaches()).isEqualTo(recount.breaches(entries));
        assertThat(truth.missedCheckins()).map(m -> m.personToken() + "@" + m.deadline()).containsExactlyInAnyOrderElementsOf(
                recount.missedCheckins(entries, knownSince, CheckinSchedule.parse(ScenarioConfig.DEFAULT_CHECKIN_SCHEDULE,
                        ZoneId.of("Asia/Shanghai")), knownSince, Instant.parse("2022-12-01T16:00:00Z")));
    }

    private static org.apache.kafka.common.serialization.Deserializer<ObservationEntry> observationValues() {
        return AvroSerde.forValues(ObservationEntry.class, registryClient, serde).deserializer();
    }

    /** The watchlist topic's records, each keyed by its token in the partition the token hashes to. */
    private static List<ConsumerRecord<byte[], byte[]>> readWatchlist() {
        Deserializer<String> keys = AvroSerde.forKeys(String.class, registryClient, serde).deserializer();
        try (TopicRecords records = new TopicRecords(KAFKA.bootstrapServers(), Topics.OBSERVATION)) {
            List<ConsumerRecord<byte[], byte[]>> all = records.readToEnd();
            assertThat(all).allSatisfy(r -> {
                String token = keys.deserialize(Topics.OBSERVATION, r.key());
                assertThat(observationValues().deserialize(Topics.OBSERVATION, r.value()).getPersonToken()).isEqualTo(token);
                assertThat(r.partition()).isEqualTo(ObservationPartitioning.partitionOf(token, 3));
            });
            return all;
        }
    }

    private static Map<String, DeviceRegistration> readDevices() {
        Deserializer<DeviceRegistration> devices = AvroSerde.forValues(DeviceRegistration.class,
                registryClient, serde).deserializer();
        Deserializer<String> keys = AvroSerde.forKeys(String.class, registryClient, serde).deserializer();
        Map<String, DeviceRegistration> registry = new HashMap<>();
        try (TopicRecords records = new TopicRecords(KAFKA.bootstrapServers(), Topics.DEVICES)) {
            for (ConsumerRecord<byte[], byte[]> record : records.readToEnd()) {
                DeviceRegistration device = devices.deserialize(Topics.DEVICES, record.value());
                assertThat(keys.deserialize(Topics.DEVICES, record.key())).isEqualTo(device.getDeviceId());
                registry.put(device.getDeviceId(), device);
            }
        }
        return registry;
    }

    /** Decodes every scan into {@code scans}; returns how many records were not valid scans. */
    private static long readScans(List<ScanEvent> scans) {
        Deserializer<ScanEvent> values = AvroSerde.forValues(ScanEvent.class, registryClient, serde).deserializer();
        Deserializer<String> keys = AvroSerde.forKeys(String.class, registryClient, serde).deserializer();
        long malformed = 0;
        try (TopicRecords records = new TopicRecords(KAFKA.bootstrapServers(), Topics.SCANS)) {
            for (ConsumerRecord<byte[], byte[]> record : records.readToEnd()) {
                ScanEvent scan;
                try {
                    scan = values.deserialize(Topics.SCANS, record.value());
                } catch (SerializationException e) {
                    malformed++;
                    continue;
                }
                assertThat(keys.deserialize(Topics.SCANS, record.key())).isEqualTo(scan.getDeviceId());
                scans.add(scan);
            }
        }
        return malformed;
    }
}

package io.gatewatch.producers.sim;

import static io.gatewatch.producers.sim.Scenarios.aSmallCounty;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.producers.gate.TopicRecords;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.registry.server.EmbeddedSchemaRegistry;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The simulator rides out a broker outage: the broker is stopped for a while mid-run and started
 * again on the same port and data, and the run still ends with exactly its ground truth on the
 * topic — nothing refused, nothing missing, nothing doubled.
 */
class SimulatorOutageIT {
    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void topicsAndRegistry() {
        registry = SimulatorBroker.prepare(KAFKA);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldRideOutABrokerOutageWithExactGroundTruth() throws Exception {
        // Given a simulator sending about 150 records/s
        Map<String, Object> props = aSmallCounty();
        props.put(SimulatorConfig.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        props.put(SimulatorConfig.SCHEMA_REGISTRY_URL, registry.url());
        props.put(SimulatorConfig.RATE_EVENTS_PER_SECOND, 150.0);
        props.put(SimulatorConfig.KAFKA_UNAVAILABLE_MAX_MS, 120_000L);
        props.put("kafka.producer.reconnect.backoff.max.ms", 500);
        // the producer's own limits, shorter than the outage (as its defaults, 60 s blocked / 120 s unacknowledged,
        // were shorter than the demo's outages): the outage bound above is what must decide, not these
        props.put("kafka.producer.max.block.ms", 5_000);
        props.put("kafka.producer.request.timeout.ms", 3_000);
        props.put("kafka.producer.delivery.timeout.ms", 8_000);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Simulator.Report report;
        try (Simulator simulator = Simulator.create(new SimulatorConfig(props), meters)) {
            CompletableFuture<Simulator.Report> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return simulator.run();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> sent(meters) >= 300);

            // When the broker is away for a while mid-run, and comes back on the same port and data
            KAFKA.broker().stop();
            Thread.sleep(OUTAGE.toMillis()); // the outage itself, not a wait for a result
            KAFKA.broker().restart();

            // Then the run finishes without a refusal
            report = run.get(3, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("the simulator gave up during the outage", e.getCause());
        }
        assertThat(report.sendFailures()).isZero();

        // and the topic holds exactly what the ground truth says: every record once
        List<ScanEvent> scans = readScans();
        GroundTruth truth = report.truth();
        assertThat(truth.records()).isGreaterThan(2000);
        assertThat((long) scans.size()).isEqualTo(truth.records());
        assertThat(scans.stream().map(ScanEvent::getEventId).collect(Collectors.toSet()))
                .isEqualTo(Set.copyOf(truth.events().keySet()));
        assertThat(new Recount(Map.of(), scans, 0).duplicates).isEqualTo(truth.duplicates());
    }

    private static double sent(SimpleMeterRegistry meters) {
        return meters.find(MetricNames.PRODUCED).tag("outcome", "sent").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static List<ScanEvent> readScans() {
        Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
        SchemaRegistryClient client = SchemaRegistryClients.create(serde);
        Deserializer<ScanEvent> values = AvroSerde.forValues(ScanEvent.class, client, serde).deserializer();
        List<ScanEvent> scans = new ArrayList<>();
        try (TopicRecords records = new TopicRecords(KAFKA.bootstrapServers(), Topics.SCANS)) {
            for (ConsumerRecord<byte[], byte[]> record : records.readToEnd()) {
                try {
                    scans.add(values.deserialize(Topics.SCANS, record.value()));
                } catch (SerializationException e) {
                    throw new AssertionError("a record that is not a scan: the scenario has no malformed records", e);
                }
            }
        }
        return scans;
    }
}

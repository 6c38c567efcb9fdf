package io.gatewatch.producers.gate;

import static io.gatewatch.producers.gate.GateScans.aScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.producers.gate.GateClient.Delivery;
import io.gatewatch.producers.gate.GateClient.Outcome;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.registry.server.EmbeddedSchemaRegistry;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The no-loss promise against a real broker: take the broker away mid-stream, keep scanning,
 * restart the gate client while the broker is still down, bring the broker back, and find every
 * scan on the topic. The registry is the Kafka-backed embedded one over HTTP, so it goes away with
 * the broker, as the local stack's does.
 */
class GateClientOutageIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static EmbeddedSchemaRegistry registry;

    @TempDir
    Path spoolDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void topicsAndRegistry() {
        KAFKA.createTopic(Topics.SCANS, 3);
        // the local stack's registry keeps its schemas in Kafka: it is down with the broker, as in production
        registry = EmbeddedSchemaRegistry.kafkaBacked(KAFKA.bootstrapServers());
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldDeliverEveryScanAcrossABrokerOutageAndAClientRestart() throws Exception {
        List<String> identities = new ArrayList<>();
        List<String> submitted = new ArrayList<>();

        // Given a gate sending while the broker is up
        GateClient first = client();
        submitted.addAll(send(first, 40, identities, Outcome.SENT));

        // When the broker goes away mid-stream, scans still in flight, and the gate keeps scanning
        List<CompletableFuture<Delivery>> inFlight = submitAll(first, 20, identities);
        KAFKA.broker().stop();
        inFlight.stream().map(CompletableFuture::join).forEach(d -> submitted.add(d.eventId()));
        List<CompletableFuture<Delivery>> duringOutage = submitAll(first, 60, identities);
        List<Delivery> outageDeliveries = duringOutage.stream().map(CompletableFuture::join).toList();
        outageDeliveries.forEach(d -> submitted.add(d.eventId()));
        assertThat(outageDeliveries).extracting(Delivery::outcome).containsOnly(Outcome.SPOOLED);
        long spooledBeforeRestart = first.spoolDepth();

        // and the gate controller restarts while the broker is still down
        first.close();
        GateClient second = client();
        assertThat(second.spoolDepth()).isEqualTo(spooledBeforeRestart);
        submitted.addAll(send(second, 30, identities, Outcome.SPOOLED));

        // and the broker comes back, with the gate still scanning
        KAFKA.broker().restart();
        submitted.addAll(submitAll(second, 30, identities).stream().map(CompletableFuture::join).map(Delivery::eventId).toList());

        // Then every scan arrives, the spool empties, and nothing else arrives
        Set<String> expected = Set.copyOf(submitted);
        List<ConsumerRecord<byte[], byte[]>> arrived;
        try (TopicRecords records = new TopicRecords(KAFKA.bootstrapServers(), Topics.SCANS)) {
            arrived = records.awaitUntil(Duration.ofSeconds(60), seen -> eventIds(seen).containsAll(expected));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> second.spoolDepth() == 0);
        assertThat(expected).hasSize(180);
        assertThat(eventIds(arrived)).isEqualTo(expected);
        assertThat(meters.get(MetricNames.SPOOL_DEPTH).gauge().value()).isZero();

        // and no raw identity number is anywhere in the produced bytes
        assertThat(arrived).allSatisfy(record -> assertThat(identities).noneMatch(id ->
                GateClientTest.containsBytes(record.value(), id) || GateClientTest.containsBytes(record.key(), id)));
        second.close();
    }

    private GateClient client() {
        Map<String, Object> props = GateScans.clientConfig(KAFKA.bootstrapServers(), registry.url(), spoolDir);
        props.put(GateClientConfig.SEND_TIMEOUT_MS, 3000);
        props.put(GateClientConfig.SEND_BLOCK_MS, 1000);
        props.put(GateClientConfig.DRAIN_INTERVAL_MS, 100);
        props.put(GateClientConfig.DRAIN_BATCH_SIZE, 25);
        props.put(GateClientConfig.CLOSE_TIMEOUT_MS, 2000);
        props.put("producer.reconnect.backoff.max.ms", 200);
        return GateClient.builder().config(props).meterRegistry(meters).build();
    }

    private static List<String> send(GateClient client, int count, List<String> identities, Outcome expected) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Delivery delivery = client.record(aScan().identity(nextIdentity(identities)).build());
            assertThat(delivery.outcome()).isEqualTo(expected);
            ids.add(delivery.eventId());
        }
        return ids;
    }

    private static List<CompletableFuture<Delivery>> submitAll(GateClient client, int count, List<String> identities) {
        List<CompletableFuture<Delivery>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(client.submit(aScan().identity(nextIdentity(identities)).build()));
        }
        return futures;
    }

    private static String nextIdentity(List<String> identities) {
        String identity = String.format("3301271990%08d", identities.size() + 1);
        identities.add(identity);
        return identity;
    }

    private static Set<String> eventIds(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
        Deserializer<ScanEvent> scans = AvroSerde.forValues(ScanEvent.class, SchemaRegistryClients.create(serde), serde).deserializer();
        return records.stream().map(r -> scans.deserialize(r.topic(), r.value()).getEventId())
                .collect(Collectors.toCollection(HashSet::new));
    }
}

package io.gatewatch.producers.gate;

import static io.gatewatch.producers.gate.GateScans.aScan;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.registry.server.EmbeddedSchemaRegistry;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The no-loss promise against a real broker: take the broker away mid-stream, keep scanning,
 * restart (or kill -9) the gate while the broker is still down, bring the broker back, and find
 * every accepted scan on the topic. The registry is the Kafka-backed embedded one over HTTP, so it
 * goes away with the broker, as the local stack's does.
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

    @AfterEach
    void brokerBack() {
        if (!KAFKA.broker().isRunning()) {
            KAFKA.broker().restart();
        }
    }

    @Test
    void shouldDeliverEveryScanAcrossABrokerOutageAndAClientRestart() throws Exception {
        List<String> identities = new ArrayList<>();
        List<String> submitted = new ArrayList<>();

        // Given a gate sending while the broker is up
        GateClient first = client();
        submitted.addAll(submit(first, 40, identities));

        // When the broker goes away mid-stream, scans still in flight, and the gate keeps scanning
        submitted.addAll(submit(first, 20, identities));
        KAFKA.broker().stop();
        submitted.addAll(submit(first, 60, identities));

        // and the gate controller restarts while the broker is still down
        first.close();
        GateClient second = client();
        assertThat(second.spoolDepth()).isPositive();
        submitted.addAll(submit(second, 30, identities));

        // and the broker comes back, with the gate still scanning
        KAFKA.broker().restart();
        submitted.addAll(submit(second, 30, identities));

        // Then every scan arrives, the spool empties, and nothing else arrives
        Set<String> expected = Set.copyOf(submitted);
        List<ConsumerRecord<byte[], byte[]>> arrived = awaitArrival(expected);
        await().atMost(Duration.ofSeconds(30)).until(() -> second.spoolDepth() == 0);
        assertThat(expected).hasSize(180);
        assertThat(eventIds(arrived)).containsAll(expected);
        assertThat(meters.get(MetricNames.SPOOL_DEPTH).gauge().value()).isZero();

        // and no raw identity number is anywhere in the produced bytes
        assertThat(arrived).allSatisfy(record -> assertThat(identities).noneMatch(id ->
                GateClientTest.containsBytes(record.value(), id) || GateClientTest.containsBytes(record.key(), id)));
        second.close();
    }

    @Test
    void shouldDeliverEveryAcceptedScanWhenTheGateProcessIsKilledDuringAnOutage() throws Exception {
        // Given a gate controller in its own JVM, scanning every 50 ms, and the broker up
        Path properties = spoolDir.resolveSibling(spoolDir.getFileName() + ".properties");
        Properties gate = new Properties();
        clientProps().forEach((k, v) -> gate.setProperty(k, v.toString()));
        try (Writer writer = Files.newBufferedWriter(properties)) {
            gate.store(writer, "gate under test");
        }
        GateProcess process = GateProcess.start(properties, 50);
        try {
            process.awaitAccepted(10);

            // When the broker goes away and the gate keeps accepting scans for a while
            KAFKA.broker().stop();
            process.awaitAccepted(process.accepted().size() + 20);

            // and the gate is killed (kill -9) in the middle of the outage
            process.kill();
        } finally {
            process.kill();
        }
        List<String> accepted = process.accepted();

        // Then, once the broker is back, the next run on the same spool delivers every accepted scan
        KAFKA.broker().restart();
        GateClient restarted = client();
        List<ConsumerRecord<byte[], byte[]>> arrived = awaitArrival(Set.copyOf(accepted));
        assertThat(eventIds(arrived)).containsAll(accepted);
        assertThat(accepted).hasSizeGreaterThanOrEqualTo(30);
        restarted.close();
    }

    private Map<String, Object> clientProps() {
        Map<String, Object> props = GateScans.clientConfig(KAFKA.bootstrapServers(), registry.url(), spoolDir);
        props.put(GateClientConfig.SEND_TIMEOUT_MS, 3000);
        props.put(GateClientConfig.SEND_BLOCK_MS, 1000);
        props.put(GateClientConfig.DRAIN_INTERVAL_MS, 100);
        props.put(GateClientConfig.DRAIN_BATCH_SIZE, 25);
        props.put(GateClientConfig.CLOSE_TIMEOUT_MS, 2000);
        props.put("kafka.producer.reconnect.backoff.max.ms", 200);
        return props;
    }

    private GateClient client() {
        return GateClient.builder().config(clientProps()).meterRegistry(meters).build();
    }

    private static List<String> submit(GateClient client, int count, List<String> identities) throws SpoolFullException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(client.submit(aScan().identity(nextIdentity(identities)).build()).eventId());
        }
        return ids;
    }

    private static List<ConsumerRecord<byte[], byte[]>> awaitArrival(Set<String> expected) {
        try (TopicRecords records = new TopicRecords(KAFKA.bootstrapServers(), Topics.SCANS)) {
            return records.awaitUntil(Duration.ofSeconds(60), seen -> eventIds(seen).containsAll(expected));
        }
    }

    /** {@link GateClientExample} in a JVM of its own, killed with SIGKILL; what it printed as accepted. */
    private static final class GateProcess {
        private final Process process;
        private final List<String> accepted = new CopyOnWriteArrayList<>();

        private GateProcess(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (line.startsWith("accepted ")) {
                            accepted.add(line.split(" ")[1]);
                        }
                    }
                } catch (IOException e) {
                    // the process was killed
                }
            }, "gate-process-out");
            reader.setDaemon(true);
            reader.start();
        }

        static GateProcess start(Path properties, long intervalMs) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    GateClientExample.class.getName(), properties.toString(), "0", String.valueOf(intervalMs))
                    .redirectErrorStream(true)
                    .start();
            return new GateProcess(process);
        }

        void awaitAccepted(int count) {
            await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= count || !process.isAlive());
            assertThat(accepted).as("the gate process died early").hasSizeGreaterThanOrEqualTo(count);
        }

        List<String> accepted() {
            return List.copyOf(accepted);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no flush
            process.waitFor();
        }
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

package io.gatewatch.streams.screening.testsupport;

import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Topics;
import io.gatewatch.streams.common.StreamsSettings;
import io.gatewatch.streams.screening.ScreeningConfig;
import io.gatewatch.streams.screening.ScreeningSerdes;
import io.gatewatch.streams.screening.ScreeningTopology;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestDriverTasks;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The screening topology in a {@link TopologyTestDriver} with exactly-once settings, an in-JVM
 * registry of its own scope, a {@link SimpleMeterRegistry} and a {@link TestClock} at {@link #NOW}.
 * Scans are sent keyed by their deviceId with the wall clock as Kafka timestamp (the arrival time).
 */
public final class ScreeningDriver implements AutoCloseable {
    /** Wall-clock time at the start of each test: five minutes after {@link ScreeningRecords#T0}. */
    public static final Instant NOW = ScreeningRecords.T0.plus(Duration.ofMinutes(5));

    public final TestClock clock;
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final ScreeningSerdes serdes;
    public final TopologyTestDriver driver;
    public final Topology topology;
    private final Map<String, ?> configOverrides;
    private final String processingGuarantee;
    private final String scope;
    private final Path stateDir;
    private final TestInputTopic<String, ScanEvent> scans;
    private final TestInputTopic<byte[], byte[]> rawScans;
    private final TestInputTopic<String, DeviceRegistration> devices;
    private final TestInputTopic<String, ObservationEntry> observation;

    private ScreeningDriver(Map<String, ?> configOverrides, String processingGuarantee) {
        this(configOverrides, processingGuarantee, newStateDir(), "screening-test-" + UUID.randomUUID(), new TestClock(NOW));
    }

    private ScreeningDriver(Map<String, ?> configOverrides, String processingGuarantee, Path stateDir, String scope,
                            TestClock clock) {
        this.configOverrides = configOverrides;
        this.processingGuarantee = processingGuarantee;
        this.stateDir = stateDir;
        this.scope = scope;
        this.clock = clock;
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + scope);
        serdes = ScreeningSerdes.avro(InMemorySchemaRegistryClient.forScope(scope), serdeConfig);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "screening-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        StreamsSettings.imposeOn(props, meters);
        topology = ScreeningTopology.build(new ScreeningConfig(new HashMap<>(configOverrides)), serdes, meters, props, clock);
        driver = new TopologyTestDriver(topology, props, clock.instant());
        scans = driver.createInputTopic(Topics.SCANS, serdes.key().serializer(), serdes.scan().serializer());
        rawScans = driver.createInputTopic(Topics.SCANS, new ByteArraySerializer(), new ByteArraySerializer());
        devices = driver.createInputTopic(Topics.DEVICES, serdes.key().serializer(), serdes.device().serializer());
        observation = driver.createInputTopic(Topics.OBSERVATION, serdes.key().serializer(), serdes.observation().serializer());
    }

    private static Path newStateDir() {
        try {
            return Files.createTempDirectory("screening-ttd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ScreeningDriver start() {
        return new ScreeningDriver(Map.of(), StreamsConfig.EXACTLY_ONCE_V2);
    }

    public static ScreeningDriver start(Map<String, ?> configOverrides) {
        return new ScreeningDriver(configOverrides, StreamsConfig.EXACTLY_ONCE_V2);
    }

    /**
     * At-least-once, for dead letters of the deserialization handler: the test driver clears its
     * mock producer's uncommitted sends before capturing outputs, and a dead letter sent while a
     * record is being deserialised is still uncommitted then, so under exactly-once the driver
     * loses it. Kafka Streams itself keeps it in the task's transaction; the integration test
     * shows that on a real broker.
     */
    public static ScreeningDriver startAtLeastOnce() {
        return startAtLeastOnce(Map.of());
    }

    /** As {@link #startAtLeastOnce()}, with settings of the screening's own. */
    public static ScreeningDriver startAtLeastOnce(Map<String, ?> configOverrides) {
        return new ScreeningDriver(configOverrides, StreamsConfig.AT_LEAST_ONCE);
    }

    public ScreeningDriver register(DeviceRegistration... registrations) {
        for (DeviceRegistration registration : registrations) {
            devices.pipeInput(registration.getDeviceId(), registration, clock.millis());
        }
        return this;
    }

    public void retire(String deviceId) {
        devices.pipeInput(deviceId, null, clock.millis());
    }

    /** Writes watchlist entries as {@code gatewatch observation import|release} does, stamped with the wall clock (when they became known). */
    public ScreeningDriver watch(ObservationEntry... entries) {
        for (ObservationEntry entry : entries) {
            observation.pipeInput(entry.getPersonToken(), entry, clock.millis());
        }
        return this;
    }

    /** Erases a person from the watchlist (a tombstone). */
    public void erase(String personToken) {
        observation.pipeInput(personToken, null, clock.millis());
    }

    /** Moves the wall clock, of the topology and of the driver's punctuations, forward by {@code duration}. */
    public void advance(Duration duration) {
        clock.advance(duration);
        driver.advanceWallClockTime(duration);
    }

    /**
     * Shuts this instance down cleanly and starts a new one on the local state it left (stores and
     * checkpoint), with the same registry and wall clock, as a restarted instance resumes. The task's
     * state directory is copied after the clean close: the test driver wipes its own on close. Only
     * the task is restarted: the global device registry starts empty (register devices again).
     */
    public ScreeningDriver restart() {
        return restartLosing();
    }

    /**
     * As {@link #restart()}, with the stores named {@code lost} gone from the local state, as after
     * a crash under exactly-once: Kafka Streams wipes the task's state and restores only the stores
     * with a changelog, so an unlogged store comes back empty.
     */
    public ScreeningDriver restartLosing(String... lost) {
        Path copy = TestDriverTasks.restartStateLosing(driver, stateDir, lost);
        stop();
        return new ScreeningDriver(configOverrides, processingGuarantee, copy, scope, clock);
    }

    /** Sends scans keyed by their deviceId. */
    public ScreeningDriver send(ScanEvent... events) {
        for (ScanEvent event : events) {
            scans.pipeInput(event.getDeviceId(), event, clock.millis());
        }
        return this;
    }

    public void send(String key, ScanEvent event) {
        scans.pipeInput(key, event, clock.millis());
    }

    public void sendRaw(byte[] key, byte[] value) {
        rawScans.pipeInput(key, value, clock.millis());
    }

    public byte[] keyBytes(String key) {
        return serdes.key().serializer().serialize(Topics.SCANS, key);
    }

    public byte[] scanBytes(ScanEvent scan) {
        return serdes.scan().serializer().serialize(Topics.SCANS, scan);
    }

    public ScanEvent readScan(byte[] bytes) {
        return serdes.scan().deserializer().deserialize(Topics.SCANS, bytes);
    }

    public List<TestRecord<String, ScreenedScan>> screened() {
        TestOutputTopic<String, ScreenedScan> topic = driver.createOutputTopic(Topics.SCANS_SCREENED,
                serdes.key().deserializer(), serdes.screened().deserializer());
        return topic.readRecordsToList();
    }

    public List<ScreeningAlert> alerts(String alertTopic) {
        return alertRecords(alertTopic).stream().map(TestRecord::value).toList();
    }

    public List<TestRecord<String, ScreeningAlert>> alertRecords(String alertTopic) {
        return driver.createOutputTopic(alertTopic, serdes.key().deserializer(), serdes.alert().deserializer())
                .readRecordsToList();
    }

    /** Every alert on every alert topic, draining them. */
    public List<ScreeningAlert> allAlerts() {
        return Topics.ALERT_TOPICS.stream().flatMap(t -> alerts(t).stream()).toList();
    }

    public List<TestRecord<byte[], byte[]>> rejected() {
        return driver.createOutputTopic(Topics.SCANS_REJECTED, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList();
    }

    /** A counter's count, 0 when it was never registered. */
    public double count(String name, String... tags) {
        Counter counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Sum of a counter over all tag values matching {@code tags}. */
    public double total(String name, String... tags) {
        return meters.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    public Timer timer(String name, String... tags) {
        return meters.find(name).tags(tags).timer();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            InMemorySchemaRegistryClient.dropScope(scope);
        }
    }

    private void stop() {
        try {
            driver.close();
        } finally {
            try {
                TestDriverTasks.deleteRecursively(stateDir);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not delete the test driver's state directory " + stateDir, e);
            }
        }
    }
}

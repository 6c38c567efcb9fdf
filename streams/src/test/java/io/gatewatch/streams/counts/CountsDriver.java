package io.gatewatch.streams.counts;

import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.AreaCountKey;
import io.gatewatch.schema.AreaLevel;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreenedScanPartitioning;
import io.gatewatch.schema.Topics;
import io.gatewatch.schema.WindowSize;
import io.gatewatch.schema.testing.ScreenedScanBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestDriverTasks;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The counts topology in a {@link TopologyTestDriver} with an in-memory registry, Asia/Shanghai
 * time, and readers that collect what each output topic received.
 */
final class CountsDriver implements AutoCloseable {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Wall clock at start: after every event time the tests use (a scan is never ahead of the wall clock). */
    static final Instant WALL_START = local("2024-03-20T00:00:00");
    static final Duration PUNCTUATION = Duration.ofMinutes(1);

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Topology topology;
    final CountsSerdes serdes;
    private final Map<String, ?> overrides;
    private final String scope;
    private final Path stateDir;
    private Instant wallNow;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, ScreenedScan> input;
    private final TestOutputTopic<AreaCountKey, AreaCount> hourly;
    private final TestOutputTopic<AreaCountKey, AreaCount> daily;
    private final TestOutputTopic<String, ScanEvent> late;
    private final TestOutputTopic<byte[], byte[]> rejected;
    /** Every figure received, in order. */
    final List<AreaCount> emitted = new ArrayList<>();
    final List<TestRecord<String, ScanEvent>> lateRecords = new ArrayList<>();
    final List<TestRecord<byte[], byte[]>> rejectedRecords = new ArrayList<>();

    CountsDriver() {
        this(Map.of());
    }

    CountsDriver(Map<String, ?> overrides) {
        this(overrides, newStateDir(), "counts-" + UUID.randomUUID(), WALL_START);
    }

    private CountsDriver(Map<String, ?> overrides, Path stateDir, String scope, Instant wallStart) {
        this.overrides = overrides;
        this.stateDir = stateDir;
        this.scope = scope;
        this.wallNow = wallStart;
        Map<String, Object> settings = new HashMap<>();
        settings.put(CountsConfig.PUNCTUATION_INTERVAL_MS, PUNCTUATION.toMillis());
        settings.putAll(overrides);
        CountsSerdes serdes = CountsSerdes.avro(InMemorySchemaRegistryClient.forScope(scope), Map.of("schema.registry.url", "mock://" + scope));
        Properties props = streamsProps();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        topology = CountsTopology.build(new CountsConfig(settings), serdes, meters, props);
        driver = new TopologyTestDriver(topology, props, wallStart);
        input = driver.createInputTopic(Topics.SCANS_SCREENED, serdes.stringKey().serializer(), serdes.screenedScan().serializer());
        hourly = driver.createOutputTopic(Topics.COUNTS_HOURLY, serdes.countKey().deserializer(), serdes.count().deserializer());
        daily = driver.createOutputTopic(Topics.COUNTS_DAILY, serdes.countKey().deserializer(), serdes.count().deserializer());
        late = driver.createOutputTopic(Topics.SCANS_LATE, serdes.stringKey().deserializer(), serdes.scan().deserializer());
        rejected = driver.createOutputTopic(Topics.SCANS_REJECTED, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.serdes = serdes;
    }

    static Properties streamsProps() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "counts-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
        return props;
    }

    /** A local date-time in Asia/Shanghai as an instant. */
    static Instant local(String isoLocalDateTime) {
        return LocalDateTime.parse(isoLocalDateTime).atZone(SHANGHAI).toInstant();
    }

    /** As the screening topology writes it: keyed by village, marked as partitioned by county. */
    void pipe(ScreenedScan scan) {
        RecordHeaders headers = new RecordHeaders();
        ScreenedScanPartitioning.markByCounty(headers);
        input.pipeInput(new TestRecord<>(scan.getVillageCode(), scan, headers, scan.getScan().getScannedAt()));
    }

    /** As a producer that does not partition by county writes it: no partitioning mark. */
    void pipeUnmarked(ScreenedScan scan) {
        input.pipeInput(scan.getVillageCode(), scan, scan.getScan().getScannedAt());
    }

    void pipe(ScreenedScanBuilder... scans) {
        for (ScreenedScanBuilder scan : scans) {
            pipe(scan.build());
        }
    }

    void pipeRaw(String key, ScreenedScan value, Instant timestamp) {
        input.pipeInput(key, value, timestamp);
    }

    /** Advances the wall clock (punctuation fires) and collects every output. */
    void advance(Duration wallTime) {
        driver.advanceWallClockTime(wallTime);
        wallNow = wallNow.plus(wallTime);
        collect();
    }

    /** One punctuation interval. */
    void punctuate() {
        advance(PUNCTUATION);
    }

    void collect() {
        hourly.readValuesToList().forEach(emitted::add);
        daily.readValuesToList().forEach(emitted::add);
        lateRecords.addAll(late.readRecordsToList());
        rejectedRecords.addAll(rejected.readRecordsToList());
    }

    /** The latest figure received for each key. */
    Map<AreaCountKey, AreaCount> latest() {
        collect();
        Map<AreaCountKey, AreaCount> latest = new HashMap<>();
        for (AreaCount count : emitted) {
            latest.put(keyOf(count), count);
        }
        return latest;
    }

    /** The latest figure of one area and window, or null. */
    AreaCount latest(AreaLevel level, String area, WindowSize size, Instant windowStart) {
        return latest().get(AreaCountKey.newBuilder().setLevel(level).setAreaCode(area).setWindow(size).setWindowStart(windowStart).build());
    }

    List<AreaCount> emittedFor(AreaLevel level, String area, WindowSize size) {
        collect();
        return emitted.stream().filter(c -> c.getLevel() == level && c.getAreaCode().equals(area) && c.getWindow() == size).toList();
    }

    double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? -1 : counter.count();
    }

    <K, V> org.apache.kafka.streams.state.KeyValueStore<K, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    /** The store as the topology built it, whatever its type (the test driver's typed getters refuse key-value stores here). */
    org.apache.kafka.streams.processor.StateStore rawStore(String name) {
        return driver.getAllStateStores().get(name);
    }

    @SuppressWarnings("unchecked")
    <S extends org.apache.kafka.streams.processor.StateStore> S stateStore(String name) {
        return (S) driver.getStateStore(name);
    }

    static String header(TestRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static AreaCountKey keyOf(AreaCount count) {
        return AreaCountKey.newBuilder().setLevel(count.getLevel()).setAreaCode(count.getAreaCode())
                .setWindow(count.getWindow()).setWindowStart(count.getWindowStart()).build();
    }

    private static Path newStateDir() {
        try {
            return Files.createTempDirectory("counts-driver-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Shuts this instance down cleanly and starts a new one on the local state it left, without the
     * stores named {@code lost} (as after a crash under exactly-once: only logged stores come back),
     * at the same wall-clock time.
     */
    CountsDriver restartLosing(String... lost) throws IOException {
        Path copy = TestDriverTasks.restartStateLosing(driver, stateDir, lost);
        driver.close();
        TestDriverTasks.deleteRecursively(stateDir);
        return new CountsDriver(overrides, copy, scope, wallNow);
    }

    @Override
    public void close() throws IOException {
        driver.close();
        InMemorySchemaRegistryClient.dropScope(scope);
        TestDriverTasks.deleteRecursively(stateDir);
    }
}

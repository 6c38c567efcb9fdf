package io.gatewatch.streams.counts;

import static io.gatewatch.streams.counts.CountsRecords.aScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.AreaCountKey;
import io.gatewatch.schema.AreaLevel;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.LateScanHeaders;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreenedScanPartitioning;
import io.gatewatch.schema.TemperatureStatus;
import io.gatewatch.schema.Topics;
import io.gatewatch.schema.WindowSize;
import io.gatewatch.schema.testing.ScreenedScanBuilder;
import io.gatewatch.serde.AvroDeserializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts topology on a real KRaft broker, exactly-once, with a known scenario of screened
 * scans across two counties, four townships, eight villages and sixteen checkpoints around a local
 * midnight. Expected figures are computed here by plain arithmetic over the scenario (no code of
 * the topology): Shanghai is UTC+8 without daylight saving, so a local day starts at
 * {@code floor((t + 8h) / 24h) * 24h - 8h} and an hour at {@code floor(t / 1h) * 1h}.
 *
 * <p>Phase 1: the updates converge to the expected figures. Phase 2: the Streams instance is
 * closed, its local state deleted, and started again; the open windows' figures are re-emitted
 * from state restored from the changelogs, unchanged. Phase 3: a marker scan per county, two days later, moves the task clocks past every
 * window's grace, and each window emits exactly one final figure equal to the expected one.
 * Phase 4: a scan for a closed day goes to the late topic (once for its hour, once for its day)
 * and changes no figure.
 */
class CountsTopologyIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final int PARTITIONS = 3;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long SHANGHAI_OFFSET = 8 * HOUR;
    private static final List<String> VILLAGES = List.of("110105001001", "110105001002", "110105002001", "110105002002",
            "110106003001", "110106003002", "110106004001", "110106004002");

    @TempDir
    Path stateDir;

    private final String scope = "counts-it-" + UUID.randomUUID();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Map<String, String> serdeConfig = Map.of("schema.registry.url", "mock://" + scope);
    private KafkaStreams streams;
    private CountsSerdes serdes;
    private Properties props;
    private KafkaProducer<String, ScreenedScan> producer;
    private KafkaConsumer<byte[], byte[]> consumer;
    private final List<AreaCount> figures = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> late = new ArrayList<>();
    /** Windows from here on hold the marker scans, not the scenario. */
    private Instant markerDay;
    private int sent;

    @BeforeEach
    void start() {
        for (String topic : List.of(Topics.SCANS_SCREENED, Topics.COUNTS_HOURLY, Topics.COUNTS_DAILY, Topics.SCANS_LATE, Topics.SCANS_REJECTED)) {
            KAFKA.createTopic(topic, PARTITIONS);
        }
        serdes = CountsSerdes.avro(InMemorySchemaRegistryClient.forScope(scope), serdeConfig);
        props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "counts-it-" + UUID.randomUUID());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        startStreams();

        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"), serdes.stringKey().serializer(), serdes.screenedScan().serializer());
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "counts-it-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.COUNTS_HOURLY, Topics.COUNTS_DAILY, Topics.SCANS_LATE));
    }

    private void startStreams() {
        CountsConfig config = new CountsConfig(Map.of(
                CountsConfig.HOURLY_GRACE_MS, Duration.ofHours(6).toMillis(), // covers the scenario's span: partitions are read unevenly
                CountsConfig.DAILY_GRACE_MS, Duration.ofHours(6).toMillis(),
                CountsConfig.PUNCTUATION_INTERVAL_MS, 200L));
        streams = new KafkaStreams(CountsTopology.build(config, serdes, meters, props), props);
        streams.start();
    }

    @AfterEach
    void stop() {
        if (consumer != null) {
            consumer.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
        }
        InMemorySchemaRegistryClient.dropScope(scope);
    }

    @Test
    void shouldEmitFinalFiguresEqualToTheScenarioAndRouteAScanForAClosedDayToTheLateTopic() throws Exception {
        LocalDate day = LocalDate.now(SHANGHAI).minusDays(3);
        Instant eveningStart = day.atTime(22, 0).atZone(SHANGHAI).toInstant(); // 22:00 to 02:00 local, across midnight
        markerDay = day.plusDays(2).atStartOfDay(SHANGHAI).toInstant();
        List<ScreenedScan> scenario = scenario(eveningStart, 400, new Random(4));
        Map<AreaCountKey, long[]> expected = expectedFigures(scenario);

        // phase 1: every figure is reported as an update while its window is open
        send(scenario);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            poll();
            assertThat(measuresOf(latestByKey(false))).containsExactlyInAnyOrderEntriesOf(toLists(expected));
        });

        // phase 2: after a restart (state restored, clock persisted) the open windows' figures are re-emitted unchanged
        // leave the group, so the new instance gets the tasks without waiting out the session timeout
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        // and without its local state: everything must come back from the changelogs (what a commit covered is there)
        streams.cleanUp();
        int beforeRestart = figures.size();
        startStreams();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            poll();
            Map<AreaCountKey, AreaCount> reEmitted = new HashMap<>();
            figures.subList(beforeRestart, figures.size()).forEach(c -> reEmitted.put(CountsDriver.keyOf(c), c));
            assertThat(measuresOf(reEmitted)).containsExactlyInAnyOrderEntriesOf(toLists(expected));
        });

        // phase 3: time moves on in every county; each window closes once with the expected figure
        Instant twoDaysLater = day.plusDays(2).atTime(12, 0).atZone(SHANGHAI).toInstant();
        send(List.of(aScan().inVillage(VILLAGES.get(0)).atCheckpoint("marker-a").withPersonToken("marker").at(twoDaysLater).build(),
                aScan().inVillage(VILLAGES.get(4)).atCheckpoint("marker-b").withPersonToken("marker").at(twoDaysLater).build()));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            poll();
            assertThat(measuresOf(finals())).containsExactlyInAnyOrderEntriesOf(toLists(expected));
        });
        assertThat(figures.stream().filter(AreaCount::getIsFinal).map(CountsDriver::keyOf)).doesNotHaveDuplicates();

        // phase 4: a scan for the closed day is routed, not counted
        ScreenedScan tooLate = aScan().inVillage(VILLAGES.get(1)).atCheckpoint("110105001002-G0").fromDevice("dev-late").withPersonToken("p-late")
                .at(eveningStart.plus(Duration.ofMinutes(30))).build();
        send(List.of(tooLate));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            poll();
            assertThat(late).extracting(r -> new String(r.headers().lastHeader(LateScanHeaders.WINDOW).value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("hour", "day");
        });
        AvroDeserializer<io.gatewatch.schema.ScanEvent> scans = new AvroDeserializer<>(InMemorySchemaRegistryClient.forScope(scope), io.gatewatch.schema.ScanEvent.class);
        scans.configure(serdeConfig, false);
        assertThat(late).extracting(r -> scans.deserialize(Topics.SCANS_LATE, r.value())).containsOnly(tooLate.getScan());
        assertThat(meters.find(MetricNames.SCANS_LATE).tag("window", "day").counter().count()).isEqualTo(1.0);
        assertThat(measuresOf(finals())).as("finals unchanged").containsExactlyInAnyOrderEntriesOf(toLists(expected));
    }

    /** Scans spread over four hours from {@code start}, with every measure represented. */
    private static List<ScreenedScan> scenario(Instant start, int size, Random random) {
        List<ScreenedScan> scans = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String village = VILLAGES.get(random.nextInt(VILLAGES.size()));
            ScreenedScanBuilder scan = aScan()
                    .inVillage(village)
                    .atCheckpoint(village + "-G" + random.nextInt(2))
                    .fromDevice("dev-" + random.nextInt(20))
                    .withPersonToken(random.nextInt(10) == 0 ? null : "p" + random.nextInt(80))
                    .from(ScanSource.values()[random.nextInt(ScanSource.values().length)])
                    .at(start.plusMillis((long) (random.nextDouble() * 4 * HOUR)));
            switch (random.nextInt(8)) {
                case 0 -> scan.withFever();
                case 1 -> scan.withImplausibleReading();
                case 2 -> scan.withCode(HealthCodeColour.YELLOW);
                case 3 -> scan.withCode(HealthCodeColour.RED);
                case 4 -> scan.withCode(HealthCodeColour.UNREADABLE);
                case 5 -> scan.asVisitor().inVehicle("京A" + random.nextInt(50));
                default -> { }
            }
            scans.add(scan.build());
        }
        return scans;
    }

    /** The figures of every (level, area, window), by plain arithmetic over the scenario. */
    private static Map<AreaCountKey, long[]> expectedFigures(List<ScreenedScan> scans) {
        Map<AreaCountKey, long[]> figures = new HashMap<>();
        Map<AreaCountKey, Set<String>> persons = new HashMap<>();
        for (ScreenedScan s : scans) {
            long t = s.getScan().getScannedAt().toEpochMilli();
            Map<WindowSize, Long> starts = Map.of(
                    WindowSize.HOUR, Math.floorDiv(t, HOUR) * HOUR,
                    WindowSize.DAY, Math.floorDiv(t + SHANGHAI_OFFSET, DAY) * DAY - SHANGHAI_OFFSET);
            Map<AreaLevel, String> areas = Map.of(AreaLevel.CHECKPOINT, s.getCheckpointId(), AreaLevel.VILLAGE, s.getVillageCode(),
                    AreaLevel.TOWNSHIP, s.getVillageCode().substring(0, 9), AreaLevel.COUNTY, s.getVillageCode().substring(0, 6));
            for (var window : starts.entrySet()) {
                for (var area : areas.entrySet()) {
                    AreaCountKey key = AreaCountKey.newBuilder().setLevel(area.getKey()).setAreaCode(area.getValue())
                            .setWindow(window.getKey()).setWindowStart(Instant.ofEpochMilli(window.getValue())).build();
                    long[] f = figures.computeIfAbsent(key, k -> new long[13]);
                    f[0]++;
                    if (s.getScan().getPersonToken() != null && persons.computeIfAbsent(key, k -> new HashSet<>()).add(s.getScan().getPersonToken())) {
                        f[1]++;
                    }
                    f[2] += s.getTemperatureStatus() == TemperatureStatus.FEVER ? 1 : 0;
                    f[3] += s.getScan().getHealthCode() == HealthCodeColour.YELLOW ? 1 : 0;
                    f[4] += s.getScan().getHealthCode() == HealthCodeColour.RED ? 1 : 0;
                    f[5] += s.getDeviceFault() ? 1 : 0;
                    f[6] += s.getScan().getPersonKind() == PersonKind.VISITOR ? 1 : 0;
                    f[7] += s.getScan().getVehiclePlate() != null ? 1 : 0;
                    ScanSource source = s.getScan().getSource();
                    f[8] += source == ScanSource.GATE_DEVICE ? 1 : 0;
                    f[9] += source == ScanSource.PHONE_APP ? 1 : 0;
                    f[10] += source == ScanSource.STAFF_ENTRY ? 1 : 0;
                    f[11] += source == ScanSource.CLINIC ? 1 : 0;
                    f[12] += source == ScanSource.PHARMACY ? 1 : 0;
                }
            }
        }
        return figures;
    }

    private static Map<AreaCountKey, List<Long>> toLists(Map<AreaCountKey, long[]> figures) {
        Map<AreaCountKey, List<Long>> lists = new HashMap<>();
        figures.forEach((k, v) -> lists.put(k, java.util.Arrays.stream(v).boxed().toList()));
        return lists;
    }

    private static Map<AreaCountKey, List<Long>> measuresOf(Map<AreaCountKey, AreaCount> counts) {
        Map<AreaCountKey, List<Long>> measures = new HashMap<>();
        counts.forEach((k, c) -> measures.put(k, List.of(c.getScans(), c.getDistinctPersons(), c.getFevers(), c.getYellowCodes(),
                c.getRedCodes(), c.getDeviceFaults(), c.getVisitors(), c.getVehicles(), c.getGateScans(), c.getPhoneAppScans(),
                c.getStaffScans(), c.getClinicScans(), c.getPharmacyScans())));
        return measures;
    }

    /** The latest figure per key, leaving out the markers' windows (they open after the scenario's). */
    private Map<AreaCountKey, AreaCount> latestByKey(boolean finalOnly) {
        Map<AreaCountKey, AreaCount> latest = new HashMap<>();
        for (AreaCount count : figures) {
            if ((!finalOnly || count.getIsFinal()) && count.getScans() > 0 && !isMarkerWindow(count)) {
                latest.put(CountsDriver.keyOf(count), count);
            }
        }
        return latest;
    }

    private Map<AreaCountKey, AreaCount> finals() {
        return latestByKey(true);
    }

    private boolean isMarkerWindow(AreaCount count) {
        return !count.getWindowStart().isBefore(markerDay);
    }

    /**
     * Every other scan as the screening writes it (its county's partition, marked), the rest as a
     * producer that partitions by key writes it (unmarked: the counts repartition those).
     */
    private void send(List<ScreenedScan> scans) throws Exception {
        for (ScreenedScan scan : scans) {
            long timestamp = scan.getScan().getScannedAt().toEpochMilli();
            if (sent++ % 2 == 0) {
                RecordHeaders headers = new RecordHeaders();
                ScreenedScanPartitioning.markByCounty(headers);
                producer.send(new ProducerRecord<>(Topics.SCANS_SCREENED, ScreenedScanPartitioning.partitionOf(scan.getVillageCode(), PARTITIONS),
                        timestamp, scan.getVillageCode(), scan, headers));
            } else {
                producer.send(new ProducerRecord<>(Topics.SCANS_SCREENED, null, timestamp, scan.getVillageCode(), scan));
            }
        }
        producer.flush();
    }

    private void poll() {
        AvroDeserializer<AreaCount> counts = new AvroDeserializer<>(InMemorySchemaRegistryClient.forScope(scope), AreaCount.class);
        counts.configure(serdeConfig, false);
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            if (record.topic().equals(Topics.SCANS_LATE)) {
                late.add(record);
            } else {
                figures.add(counts.deserialize(record.topic(), record.value()));
            }
        }
    }
}

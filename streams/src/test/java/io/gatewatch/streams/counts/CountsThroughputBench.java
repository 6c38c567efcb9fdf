package io.gatewatch.streams.counts;

import static io.gatewatch.streams.counts.ScreenedScanBuilder.aScan;

import io.gatewatch.embedded.EmbeddedKafka;
import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreenedScanPartitioning;
import io.gatewatch.schema.Topics;
import io.gatewatch.streams.common.StreamsSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development tool, not a test: the CPU the counts topology spends per screened scan on this
 * machine against the embedded broker (same JVM), and where its stream thread spends it. Never
 * asserts a time. Skipped unless {@code -Dgatewatch.bench=true}; run with
 * {@code mvn -B -o -pl streams -am test -Dtest=CountsThroughputBench -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgatewatch.bench=true [-Dgatewatch.bench.scans=200000] [-Dgatewatch.bench.profile=true]}.
 * The report goes to the log and {@code streams/target/bench/counts-throughput.txt}.
 *
 * <p>Method: screened scans of 8 counties (48 villages, 96 checkpoints, 40,000 persons, mostly seen
 * at home, over two hours that end an hour ago) are serialised and produced once, before any clock
 * starts, into {@value #PARTITIONS} partitions placed by county as the screening topology writes
 * them ({@link ScreenedScanPartitioning}, header included). Each configuration then runs as a fresh
 * application (exactly-once, one stream thread, commit 100 ms) over the same records from the
 * beginning, timed from RUNNING until its committed offsets reach the end of the input (and of its
 * repartition topic, when it has one). CPU is the stream thread's (ThreadMXBean, not its producer's
 * network thread) and the whole process's (broker included) over that interval, per scan. The first
 * run warms up the JIT and is not reported. With {@code gatewatch.bench.profile=true} a last run is
 * recorded with JFR and the stream thread's samples are folded into components.
 */
@EnabledIfSystemProperty(named = "gatewatch.bench", matches = "true")
class CountsThroughputBench {
    private static final Logger LOG = LoggerFactory.getLogger(CountsThroughputBench.class);
    private static final String REGISTRY = "counts-bench";
    private static final int PARTITIONS = 4;

    @Test
    void measureCountsCpuPerScan() throws Exception {
        int scans = Integer.getInteger("gatewatch.bench.scans", 200_000);
        Path out = Files.createDirectories(Path.of("target", "bench"));
        StringBuilder report = new StringBuilder();
        CountsSerdes serdes = CountsSerdes.avro(InMemorySchemaRegistryClient.forScope(REGISTRY), Map.of("schema.registry.url", "mock://" + REGISTRY));
        try (EmbeddedKafka broker = EmbeddedKafka.start()) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : List.of(Topics.SCANS_SCREENED, Topics.COUNTS_HOURLY, Topics.COUNTS_DAILY, Topics.SCANS_LATE, Topics.SCANS_REJECTED)) {
                topics.add(new NewTopic(topic, PARTITIONS, (short) 1));
            }
            broker.createTopics(topics);
            long started = System.nanoTime();
            int produced = produce(broker, serdes, scenario(scans, new Random(7)));
            report.append(String.format("produced %d screened scans in %.1f s%n", produced, (System.nanoTime() - started) / 1e9));

            run(broker, serdes, out, produced, Map.of(), null); // warm-up
            for (String variant : System.getProperty("gatewatch.bench.variants", "default").split(",")) {
                report.append("[" + variant + "] ").append(run(broker, serdes, out, produced, variant(variant), null));
            }
            if (Boolean.getBoolean("gatewatch.bench.profile")) {
                report.append("\nProfiled run (JFR adds overhead; use it for shares, not for rates):\n");
                report.append(run(broker, serdes, out, produced, Map.of(), out.resolve("counts-eos.jfr")));
                report.append(profile(out.resolve("counts-eos.jfr")));
            }
        } finally {
            InMemorySchemaRegistryClient.dropScope(REGISTRY);
        }
        LOG.info("Counts CPU per scan ({} cores):\n{}", Runtime.getRuntime().availableProcessors(), report);
        Files.writeString(out.resolve("counts-throughput.txt"), report.toString());
    }

    /** Counts settings of a named variant, so before/after configurations run on the same records and broker. */
    private static Map<String, Object> variant(String name) {
        if (name.equals("default")) {
            return Map.of();
        }
        // "key=value;key=value"
        Map<String, Object> settings = new HashMap<>();
        for (String pair : name.split(";")) {
            String[] kv = pair.split("=", 2);
            settings.put(kv[0], kv[1]);
        }
        return settings;
    }

    /** Screened scans of 8 counties over two hours ending an hour ago. */
    private static List<ScreenedScan> scenario(int size, Random random) {
        List<String> villages = new ArrayList<>();
        for (int county = 1; county <= 8; county++) {
            for (int township = 1; township <= 3; township++) {
                for (int village = 1; village <= 2; village++) {
                    villages.add(String.format("3201%02d%03d%03d", county, township, village));
                }
            }
        }
        int persons = 40_000;
        long end = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
        long span = Duration.ofHours(2).toMillis();
        List<ScreenedScan> scans = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int person = random.nextInt(persons);
            String village = random.nextInt(10) == 0 ? villages.get(random.nextInt(villages.size())) : villages.get(person % villages.size());
            ScreenedScanBuilder scan = aScan()
                    .inVillage(village)
                    .atGate(village + "-G" + random.nextInt(2))
                    .fromDevice(village + "-D" + random.nextInt(2))
                    .by(random.nextInt(50) == 0 ? null : "person-token-" + person)
                    .from(random.nextInt(10) < 8 ? ScanSource.GATE_DEVICE : ScanSource.values()[random.nextInt(5)])
                    .at(Instant.ofEpochMilli(end - span + (long) i * span / size));
            switch (random.nextInt(40)) {
                case 0 -> scan.withFever();
                case 1 -> scan.withImplausibleReading();
                case 2 -> scan.withCode(HealthCodeColour.YELLOW);
                case 3 -> scan.withCode(HealthCodeColour.RED);
                case 4 -> scan.withCode(HealthCodeColour.UNREADABLE);
                case 5, 6, 7 -> scan.ofVisitor().inVehicle("苏A" + random.nextInt(500));
                default -> { }
            }
            scans.add(scan.build());
        }
        return scans;
    }

    /** Serialises, then produces into each scan's county partition with the partitioning header, as screening writes them. */
    private static int produce(EmbeddedKafka broker, CountsSerdes serdes, List<ScreenedScan> scans) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(scans.size());
        for (ScreenedScan scan : scans) {
            RecordHeaders headers = new RecordHeaders();
            ScreenedScanPartitioning.markByCounty(headers);
            records.add(new ProducerRecord<>(Topics.SCANS_SCREENED, ScreenedScanPartitioning.partitionOf(scan.getVillageCode(), PARTITIONS),
                    scan.getScan().getScannedAt().toEpochMilli(),
                    serdes.stringKey().serializer().serialize(Topics.SCANS_SCREENED, scan.getVillageCode()),
                    serdes.screenedScan().serializer().serialize(Topics.SCANS_SCREENED, scan), headers));
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new ByteArraySerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
        return records.size();
    }

    private String run(EmbeddedKafka broker, CountsSerdes serdes, Path out, int records, Map<String, Object> countsSettings, Path jfr)
            throws IOException {
        String applicationId = "gatewatch-counts-bench-" + UUID.randomUUID().toString().substring(0, 8);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsSettings.APPLICATION_ID, applicationId);
        settings.put(StreamsSettings.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        settings.put(StreamsSettings.PROCESSING_GUARANTEE, StreamsSettings.EXACTLY_ONCE_V2);
        settings.put(StreamsSettings.NUM_STREAM_THREADS, 1);
        settings.put(StreamsSettings.COMMIT_INTERVAL_MS, 100L);
        settings.put(StreamsSettings.STATE_DIR, Files.createTempDirectory(out, "state-").toString());
        Properties props = new StreamsSettings(settings).toStreamsProperties(meters);
        KafkaStreams streams = new KafkaStreams(CountsTopology.build(new CountsConfig(countsSettings), serdes, meters, props), props);
        try (Recording recording = jfr == null ? null : new Recording()) {
            if (recording != null) {
                recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
                recording.start();
            }
            streams.start();
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .failFast(() -> streams.state() == KafkaStreams.State.ERROR)
                    .until(() -> streams.state() == KafkaStreams.State.RUNNING);
            long processCpuBefore = processCpuNanos();
            long streamCpuBefore = streamThreadCpuNanos(applicationId);
            long started = System.nanoTime();
            Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                    .failFast(() -> streams.state() == KafkaStreams.State.ERROR)
                    .until(() -> caughtUp(broker, applicationId));
            long wall = System.nanoTime() - started;
            long processCpu = processCpuNanos() - processCpuBefore;
            long streamCpu = streamThreadCpuNanos(applicationId) - streamCpuBefore;
            if (recording != null) {
                recording.stop();
                recording.dump(jfr);
            }
            return String.format("counts EOS 1 thread %s: %d scans committed in %.2f s = %,.0f scans/s; CPU per scan: stream thread %.1f us, "
                            + "whole JVM incl. broker %.1f us (load average %.2f on %d cores); changelog records %s%n",
                    countsSettings, records, wall / 1e9, records / (wall / 1e9), streamCpu / 1e3 / records, processCpu / 1e3 / records,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors(),
                    changelogRecords(broker, applicationId));
        } finally {
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
        }
    }

    /** True once the application's committed offsets reach the end of the input and of any internal repartition topic. */
    private static boolean caughtUp(EmbeddedKafka broker, String applicationId) {
        try (Admin admin = broker.admin()) {
            Set<String> inputs = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(t -> t.equals(Topics.SCANS_SCREENED) || t.startsWith(applicationId) && t.endsWith("-repartition"))
                    .collect(Collectors.toSet());
            Map<TopicPartition, OffsetSpec> request = inputs.stream()
                    .flatMap(t -> IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(t, p)))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).entrySet().stream().allMatch(e -> {
                OffsetAndMetadata done = committed.get(e.getKey());
                return e.getValue().offset() == 0 || done != null && done.offset() >= e.getValue().offset();
            });
        } catch (Exception e) {
            return false;
        }
    }

    /** Records written to each store's changelog (end offsets; transaction markers included). */
    private static Map<String, Long> changelogRecords(EmbeddedKafka broker, String applicationId) {
        Map<String, Long> records = new TreeMap<>();
        try (Admin admin = broker.admin()) {
            for (String store : List.of(CountsTopology.WINDOWS_STORE, CountsTopology.PERSONS_STORE, CountsTopology.CLOCK_STORE)) {
                String topic = applicationId + "-" + store + "-changelog";
                Map<TopicPartition, OffsetSpec> request = IntStream.range(0, PARTITIONS).boxed()
                        .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
                records.put(store, admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream()
                        .mapToLong(info -> info.offset()).sum());
            }
        } catch (Exception e) {
            records.put("unavailable: " + e, -1L);
        }
        return records;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of this application's stream threads (not their producers' network threads). */
    private static long streamThreadCpuNanos(String applicationId) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(applicationId) && info.getThreadName().contains("StreamThread-")
                    && !info.getThreadName().contains("producer")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /** The stream thread's samples by innermost matching component, and by top-of-stack class. */
    private static String profile(Path jfr) throws IOException {
        Map<String, Predicate<String>> components = new LinkedHashMap<>();
        components.put("Kafka metrics (Sensor.record)", f -> f.startsWith("org.apache.kafka.common.metrics."));
        components.put("Micrometer", f -> f.startsWith("io.micrometer."));
        components.put("RocksDB (JNI)", f -> f.startsWith("org.rocksdb."));
        components.put("state stores (Streams layers above RocksDB)", f -> f.startsWith("org.apache.kafka.streams.state."));
        components.put("Avro deserialisation", f -> f.startsWith("io.gatewatch.serde.AvroDeserializer"));
        components.put("Avro serialisation", f -> f.startsWith("io.gatewatch.serde.AvroSerializer"));
        components.put("producer send", f -> f.startsWith("org.apache.kafka.clients.producer."));
        components.put("consumer poll", f -> f.startsWith("org.apache.kafka.clients.consumer."));
        components.put("commit / flush", f -> f.contains("commitTransaction") || f.contains("StreamsProducer.flush"));
        components.put("java.time (windows)", f -> f.startsWith("java.time."));
        components.put("counts: punctuation", f -> f.startsWith("io.gatewatch.streams.counts.AreaCountsProcessor.punctuate"));
        components.put("counts: processor and tallies", f -> f.startsWith("io.gatewatch.streams.counts."));
        components.put("generated Avro classes", f -> f.startsWith("io.gatewatch.schema."));
        Map<String, Integer> byComponent = new LinkedHashMap<>();
        Map<String, Integer> topFrames = new TreeMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            String thread = event.getThread("sampledThread") == null ? null : event.getThread("sampledThread").getJavaName();
            if (thread == null || !thread.contains("StreamThread") || thread.contains("producer")) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (!frames.isEmpty()) {
                topFrames.merge(frames.get(0).getMethod().getType().getName(), 1, Integer::sum);
            }
            String component = "other (Streams internals, JDK)";
            search:
            for (RecordedFrame frame : frames) {
                String name = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
                for (Map.Entry<String, Predicate<String>> candidate : components.entrySet()) {
                    if (candidate.getValue().test(name)) {
                        component = candidate.getKey();
                        break search;
                    }
                }
            }
            byComponent.merge(component, 1, Integer::sum);
        }
        int all = Math.max(1, samples);
        StringBuilder report = new StringBuilder(String.format("Stream thread by innermost component (%d samples):%n", samples));
        byComponent.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> report.append(String.format("  %-45s %5.1f %%%n", e.getKey(), 100.0 * e.getValue() / all)));
        report.append("Stream thread, self time by top-of-stack class:\n");
        topFrames.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(20)
                .forEach(e -> report.append(String.format("  %-80s %5.1f %%%n", e.getKey(), 100.0 * e.getValue() / all)));
        return report.toString();
    }
}

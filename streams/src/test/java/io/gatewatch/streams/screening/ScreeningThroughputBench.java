package io.gatewatch.streams.screening;

import io.gatewatch.embedded.EmbeddedKafka;
import io.gatewatch.streams.common.StreamsSettings;
import io.gatewatch.streams.screening.testsupport.EmbeddedScreening;
import io.gatewatch.streams.screening.testsupport.ScanScenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load harness, not a test: how many scans per second the screening topology sustains on this
 * machine against the embedded broker (same JVM), and where the stream thread's time goes.
 * Never asserts a time. Skipped unless {@code -Dgatewatch.bench=true}; run with
 * {@code mvn -o -pl streams -am test -Dtest=ScreeningThroughputBench -Dsurefire.failIfNoSpecifiedTests=false -Dgatewatch.bench=true
 * [-Dgatewatch.bench.scans=200000]}. The report goes to the log and {@code streams/target/bench/}.
 *
 * <p>Method: the scenario (≈2.5 % refused, ≈5 % retries, realistic alert mix) is serialised and
 * produced before the clock starts; each configuration then runs as a fresh application over the
 * same topic from the beginning, timed from RUNNING until its committed offsets reach the end of
 * the scans and repartition topics. A JFR execution-sample recording of the exactly-once run is
 * folded into CPU shares by thread group and by component on the stream thread's stacks.
 */
@EnabledIfSystemProperty(named = "gatewatch.bench", matches = "true")
class ScreeningThroughputBench {
    private static final Logger LOG = LoggerFactory.getLogger(ScreeningThroughputBench.class);
    /** One registry for every run: they all read the same serialised records. */
    private static final String REGISTRY = "screening-bench";

    @Test
    void measureScreeningThroughput() throws Exception {
        int scans = Integer.getInteger("gatewatch.bench.scans", 200_000);
        Path out = Files.createDirectories(Path.of("target", "bench"));
        StringBuilder report = new StringBuilder();
        try (EmbeddedKafka broker = EmbeddedKafka.start()) {
            ScanScenario scenario = ScanScenario.generate(42L, Instant.now(), scans, true);
            List<ProducerRecord<byte[], byte[]>> records;
            try (EmbeddedScreening setup = new EmbeddedScreening(broker, Files.createTempDirectory(out, "state-"), REGISTRY,
                    StreamsSettings.EXACTLY_ONCE_V2, 1, Map.of())) {
                setup.createTopics();
                records = setup.serialise(scenario.records);
                long started = System.nanoTime();
                setup.send(records);
                report.append(line("produce (idempotent, lz4, acks=all)", records.size(), System.nanoTime() - started));
                // The registrations go to the same broker for every run; each run loads them into its global store.
                setup.registerDevices(scenario.devices);
            }
            run(broker, out, records.size(), StreamsSettings.EXACTLY_ONCE_V2, 1, null); // warm-up: JIT, page cache
            if (Boolean.getBoolean("gatewatch.bench.eosOnly")) {
                // Quick before/after comparisons: the exactly-once, one-thread, 100 ms run, repeated (the machine is noisy).
                for (int i = 0; i < Integer.getInteger("gatewatch.bench.repeats", 3); i++) {
                    report.append(run(broker, out, records.size(), StreamsSettings.EXACTLY_ONCE_V2, 1, null));
                }
            } else if (!Boolean.getBoolean("gatewatch.bench.profileOnly")) {
                report.append(run(broker, out, records.size(), StreamsSettings.AT_LEAST_ONCE, 1, null));
                report.append(run(broker, out, records.size(), StreamsSettings.EXACTLY_ONCE_V2, 1, null));
                report.append(run(broker, out, records.size(), StreamsSettings.EXACTLY_ONCE_V2, 1, 1000L, null));
                report.append(run(broker, out, records.size(), StreamsSettings.EXACTLY_ONCE_V2, 2, null));
            }
            if (!Boolean.getBoolean("gatewatch.bench.eosOnly") || Boolean.getBoolean("gatewatch.bench.profile")) {
                report.append("\nProfiled run (JFR adds overhead; use it for shares, not for rates):\n");
                report.append(run(broker, out, records.size(), StreamsSettings.EXACTLY_ONCE_V2, 1, out.resolve("screening-eos.jfr")));
                report.append(profile(out.resolve("screening-eos.jfr")));
            }
            report.append("Extra settings: ").append(extraSettings()).append('\n');
        }
        LOG.info("Screening throughput ({} cores):\n{}", Runtime.getRuntime().availableProcessors(), report);
        Files.writeString(out.resolve("screening-throughput.txt"), report.toString());
    }

    private String run(EmbeddedKafka broker, Path out, int records, String guarantee, int threads, Path jfr) throws IOException {
        // Same commit interval for both guarantees, so the difference is the transactions, not how often offsets commit.
        return run(broker, out, records, guarantee, threads, 100L, jfr);
    }

    private String run(EmbeddedKafka broker, Path out, int records, String guarantee, int threads, long commitMs, Path jfr)
            throws IOException {
        Map<String, Object> overrides = new java.util.HashMap<>(extraSettings());
        overrides.put(StreamsSettings.COMMIT_INTERVAL_MS, commitMs);
        try (EmbeddedScreening screening = new EmbeddedScreening(broker, Files.createTempDirectory(out, "state-"), REGISTRY,
                guarantee, threads, overrides);
             Recording recording = jfr == null ? null : new Recording()) {
            if (recording != null) {
                recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
                recording.enable("jdk.ObjectAllocationSample").with("throttle", "300/s").withStackTrace();
                for (String blocking : List.of("jdk.ThreadPark", "jdk.JavaMonitorWait", "jdk.JavaMonitorEnter",
                        "jdk.SocketRead", "jdk.FileForce", "jdk.FileWrite")) {
                    recording.enable(blocking).withThreshold(Duration.ofMillis(1)).withStackTrace();
                }
                recording.start();
            }
            screening.start(Duration.ofSeconds(60));
            long processCpuBefore = processCpuNanos();
            long started = System.nanoTime();
            Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> screening.processed() >= records);
            long processed = System.nanoTime() - started;
            Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100)).until(screening::caughtUp);
            long committed = System.nanoTime() - started;
            long processCpu = processCpuNanos() - processCpuBefore;
            long streamCpu = streamThreadCpuNanos(screening.applicationId());
            long streamAllocated = streamThreadAllocatedBytes(screening.applicationId());
            if (recording != null) {
                recording.stop();
                recording.dump(jfr);
            }
            String name = "screening " + guarantee + ", " + threads + " thread(s), commit " + commitMs + " ms";
            return line(name + ": processed", records, processed)
                    + line("   ... and committed (incl. escalation sub-topology)", records, committed)
                    + "   stream thread time (Streams metrics): " + screening.threadTimeShares() + "\n"
                    + String.format("   CPU per record: stream thread(s) %.0f us, whole JVM incl. broker %.0f us "
                                    + "(wall %.0f us; machine load average %.1f on %d cores); stream thread(s) allocate %.0f B per record%n",
                            streamCpu / 1e3 / records, processCpu / 1e3 / records, committed / 1e3 / records,
                            java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                            Runtime.getRuntime().availableProcessors(), (double) streamAllocated / records);
        }
    }

    /** Further settings to compare, {@code -Dgatewatch.bench.settings=key=value,key=value} (e.g. passthrough {@code streams.producer.batch.size=65536}). */
    private static Map<String, Object> extraSettings() {
        Map<String, Object> settings = new java.util.HashMap<>();
        for (String pair : System.getProperty("gatewatch.bench.settings", "").split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                settings.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return settings;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time of this application's stream threads (not their producers' network threads), over their lifetime. */
    private static long streamThreadCpuNanos(String applicationId) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(applicationId) && info.getThreadName().contains("StreamThread-")
                    && !info.getThreadName().contains("producer")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /** Heap bytes allocated by this application's stream threads over their lifetime (independent of the machine's load). */
    private static long streamThreadAllocatedBytes(String applicationId) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(applicationId) && info.getThreadName().contains("StreamThread-")
                    && !info.getThreadName().contains("producer")) {
                total += Math.max(0, threads.getThreadAllocatedBytes(info.getThreadId()));
            }
        }
        return total;
    }

    private static String line(String what, int records, long nanos) {
        double seconds = nanos / 1e9;
        return String.format("%-75s %9d records in %6.2f s = %,9.0f records/s%n", what, records, seconds, records / seconds);
    }

    /** CPU shares from the JFR samples: by thread group, then by component anywhere on the stream thread's stack. */
    private static String profile(Path jfr) throws IOException {
        Map<String, Integer> byThread = new TreeMap<>();
        Map<String, Integer> byComponent = new LinkedHashMap<>();
        Map<String, Integer> topFrames = new TreeMap<>();
        Map<String, Predicate<String>> components = components();
        Map<String, Double> blockedMs = new TreeMap<>();
        int streamSamples = 0;
        int total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                if (event.getThread() != null && event.getThread().getJavaName() != null
                        && event.getThread().getJavaName().contains("StreamThread")
                        && !event.getThread().getJavaName().contains("producer") && event.getStackTrace() != null) {
                    String where = blockedWhere(event.getStackTrace().getFrames());
                    blockedMs.merge(event.getEventType().getName().replace("jdk.", "") + " in " + where,
                            event.getDuration().toNanos() / 1e6, Double::sum);
                }
                continue;
            }
            if (event.getStackTrace() == null) {
                continue;
            }
            total++;
            String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
            byThread.merge(threadGroup(thread), 1, Integer::sum);
            if (thread == null || !thread.contains("StreamThread")) {
                continue;
            }
            streamSamples++;
            List<String> frames = new ArrayList<>();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
            }
            if (!frames.isEmpty()) {
                topFrames.merge(topPackage(frames.get(0)), 1, Integer::sum);
            }
            // Innermost component wins: processors nest everything downstream of them (forward() is a call).
            String component = "other (Streams internals, JDK)";
            search:
            for (String frame : frames) {
                for (Map.Entry<String, Predicate<String>> candidate : components.entrySet()) {
                    if (candidate.getValue().test(frame)) {
                        component = candidate.getKey();
                        break search;
                    }
                }
            }
            byComponent.merge(component, 1, Integer::sum);
        }
        StringBuilder report = new StringBuilder(String.format("%nCPU samples by thread group (%d samples):%n", total));
        int all = Math.max(1, total);
        byThread.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> report.append(String.format("  %-40s %5.1f %%%n", e.getKey(), 100.0 * e.getValue() / all)));
        int stream = Math.max(1, streamSamples);
        report.append(String.format("Stream thread(s) by innermost component on the stack (%d samples):%n", streamSamples));
        byComponent.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> report.append(String.format("  %-40s %5.1f %%%n", e.getKey(), 100.0 * e.getValue() / stream)));
        report.append("Stream thread(s) blocked (JFR events >= 1 ms), total ms by kind and innermost Kafka/GateWatch frame:\n");
        blockedMs.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(12)
                .forEach(e -> report.append(String.format("  %-100s %9.0f ms%n", e.getKey(), e.getValue())));
        report.append("Stream thread, self time by top-of-stack package:\n");
        topFrames.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                .forEach(e -> report.append(String.format("  %-40s %5.1f %%%n", e.getKey(), 100.0 * e.getValue() / stream)));
        return report.toString();
    }

    /** Components to attribute stream-thread samples to, matched on frames from the top of the stack down. */
    private static Map<String, Predicate<String>> components() {
        Map<String, Predicate<String>> components = new LinkedHashMap<>();
        components.put("logging", f -> f.startsWith("ch.qos.logback.") || f.startsWith("org.slf4j."));
        components.put("Micrometer", f -> f.startsWith("io.micrometer."));
        components.put("Kafka client/Streams metrics", f -> f.startsWith("org.apache.kafka.common.metrics."));
        components.put("RocksDB (JNI)", f -> f.startsWith("org.rocksdb."));
        components.put("state stores (Streams layers above RocksDB)", f -> f.startsWith("org.apache.kafka.streams.state."));
        components.put("Avro deserialisation", f -> f.startsWith("io.gatewatch.serde.AvroDeserializer"));
        components.put("Avro serialisation", f -> f.startsWith("io.gatewatch.serde.AvroSerializer"));
        components.put("producer send (batching, lz4)", f -> f.startsWith("org.apache.kafka.clients.producer."));
        components.put("consumer poll (fetch, decompress)", f -> f.startsWith("org.apache.kafka.clients.consumer."));
        components.put("transaction commit / flush", f -> f.contains("commitTransaction") || f.contains("StreamsProducer.flush"));
        components.put("screening rules (validate, enrich, classify, alerts)", f -> f.startsWith("io.gatewatch.streams.screening.ScanValidator")
                || f.startsWith("io.gatewatch.streams.screening.DeviceEnricher") || f.startsWith("io.gatewatch.streams.screening.Classifier")
                || f.startsWith("io.gatewatch.streams.screening.Alerts") || f.startsWith("io.gatewatch.streams.screening.Temperatures")
                || f.startsWith("io.gatewatch.streams.screening.RejectionProcessor"));
        components.put("de-duplication", f -> f.startsWith("io.gatewatch.streams.screening.Deduplicator"));
        components.put("fault rate", f -> f.startsWith("io.gatewatch.streams.screening.FaultRateTracker"));
        components.put("escalation", f -> f.startsWith("io.gatewatch.streams.screening.EscalationProcessor"));
        components.put("generated Avro classes (builders, getters)", f -> f.startsWith("io.gatewatch.schema."));
        return components;
    }

    /** The innermost Kafka or GateWatch method of a blocking stack (below the JDK's own frames). */
    private static String blockedWhere(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("org.apache.kafka.") || type.startsWith("io.gatewatch.") || type.startsWith("org.rocksdb.")) {
                return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
            }
        }
        return "?";
    }

    private static String threadGroup(String thread) {
        if (thread == null) {
            return "?";
        }
        if (thread.contains("StreamThread") && thread.contains("producer")) {
            return "streams producer network";
        }
        if (thread.contains("StreamThread")) {
            return "stream thread(s)";
        }
        if (thread.contains("GlobalStreamThread")) {
            return "global stream thread";
        }
        if (thread.startsWith("data-plane-kafka") || thread.contains("kafka-request-handler") || thread.contains("network-thread")
                || thread.startsWith("ReplicaFetcher") || thread.contains("log-cleaner") || thread.contains("quorum")
                || thread.contains("broker") || thread.contains("controller") || thread.contains("transaction")
                || thread.contains("group-coordinator") || thread.startsWith("kafka-")) {
            return "broker (same JVM)";
        }
        return thread.replaceAll("[0-9]+", "#");
    }

    private static String topPackage(String frame) {
        String[] parts = frame.split("\\.");
        int depth = frame.startsWith("org.apache.kafka.") ? 5 : frame.startsWith("io.gatewatch.") ? 4 : 3;
        return String.join(".", java.util.Arrays.copyOf(parts, Math.min(depth, parts.length - 1)));
    }
}

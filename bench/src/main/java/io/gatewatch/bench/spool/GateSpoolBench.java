package io.gatewatch.bench.spool;

import io.gatewatch.embedded.EmbeddedKafka;
import io.gatewatch.producers.gate.FileSpool;
import io.gatewatch.producers.gate.FsyncPolicy;
import io.gatewatch.producers.gate.GateClient;
import io.gatewatch.producers.gate.GateClientConfig;
import io.gatewatch.producers.gate.GateScan;
import io.gatewatch.producers.gate.SpoolFullException;
import io.gatewatch.registry.server.EmbeddedSchemaRegistry;
import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.TemperatureUnit;
import io.gatewatch.schema.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * How many scans per second one gate's write-ahead spool accepts (issue 14): every scan durable
 * before {@code submit} returns. Two parts, each phase run for a fixed wall time on the same disk:
 *
 * <ol>
 *   <li><b>spool</b>: {@link FileSpool#append} of a 300-byte record (a spooled {@code ScanEvent} is
 *       ~150–300 bytes) from 1..N threads, with a drainer reading and acknowledging behind them as
 *       the gate client's does; fsync policies {@code always} (per append, and group commit when
 *       threads share fsyncs), {@code interval}, {@code never}.</li>
 *   <li><b>gate client</b>: {@link GateClient#submit} end to end against an embedded KRaft broker:
 *       accepted scans/s and the time until Kafka acknowledged the last of them.</li>
 * </ol>
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests -Dbench.shade.skip=true
 * java -cp "bench/target/classes:$(cat bench/target/harness.classpath)" io.gatewatch.bench.spool.GateSpoolBench [seconds] [dir]
 * </pre>
 * Defaults: 5 s per phase, spool directories under {@code bench/target/spool-bench} (keep them on
 * the disk a gate would use: tmpfs makes fsync free). Prints a Markdown table.
 */
public final class GateSpoolBench {
    private static final byte[] RECORD = new byte[300];

    private GateSpoolBench() {}

    public static void main(String[] args) throws Exception {
        Duration phase = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 5);
        Path root = Path.of(args.length > 1 ? args[1] : "bench/target/spool-bench");
        Files.createDirectories(root);
        System.out.printf("GateSpoolBench: %d s per phase, spool under %s, %d cores, load average at start %.1f%n%n",
                phase.toSeconds(), root.toAbsolutePath(), Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("| what | fsync policy | submitting threads | scans/s | records per fsync | p50 µs | p99 µs | max µs |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        spoolPhase(root, FsyncPolicy.ALWAYS, 1, phase);
        spoolPhase(root, FsyncPolicy.ALWAYS, 4, phase);
        spoolPhase(root, FsyncPolicy.ALWAYS, 16, phase);
        spoolPhase(root, FsyncPolicy.INTERVAL, 1, phase);
        spoolPhase(root, FsyncPolicy.NEVER, 1, phase);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic(Topics.SCANS, 3, Map.of());
            try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.kafkaBacked(kafka.bootstrapServers())) {
                clientPhase(root, kafka, registry, 1, phase);
                clientPhase(root, kafka, registry, 4, phase);
            }
        }
    }

    /** Appends from {@code threads} threads for {@code phase}; a drainer acknowledges behind them. */
    private static void spoolPhase(Path root, FsyncPolicy policy, int threads, Duration phase) throws Exception {
        Path dir = fresh(root.resolve("spool-" + policy.configValue() + "-" + threads));
        Histogram latency = new ConcurrentHistogram(3);
        AtomicLong appended = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        long elapsedNanos;
        long fsyncs;
        try (FileSpool spool = FileSpool.open(dir, new FileSpool.Options(1L << 30, 16L << 20, policy, Duration.ofSeconds(1)))) {
            Thread drainer = new Thread(() -> {
                while (running.get() || spool.depth() > 0) {
                    List<FileSpool.Entry> batch = spool.read(500);
                    if (batch.isEmpty()) {
                        Thread.onSpinWait();
                        continue;
                    }
                    spool.acknowledge(batch.get(batch.size() - 1).next());
                }
            }, "bench-drainer");
            drainer.start();
            elapsedNanos = runLanes(threads, phase, latency, appended, lane -> spool.append(RECORD));
            running.set(false);
            drainer.join();
            fsyncs = spool.fsyncCount();
        }
        row("spool append", policy, threads, appended.get(), elapsedNanos,
                policy == FsyncPolicy.ALWAYS ? String.format("%.1f", appended.get() / (double) Math.max(1, fsyncs)) : "–", latency);
        fresh(dir);
    }

    /** {@link GateClient#submit} from {@code threads} threads against a real broker; then waits until Kafka has them all. */
    private static void clientPhase(Path root, EmbeddedKafka kafka, EmbeddedSchemaRegistry registry, int threads, Duration phase)
            throws Exception {
        Path dir = fresh(root.resolve("client-" + threads));
        Map<String, Object> props = new HashMap<>();
        props.put(GateClientConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        props.put(GateClientConfig.SCHEMA_REGISTRY_URL, registry.url());
        props.put(GateClientConfig.PSEUDONYM_SECRET, "bench-deployment-secret-32-bytes");
        props.put(GateClientConfig.DEVICE_ID, "GW-330127101201-1-1");
        props.put(GateClientConfig.VILLAGE_CODE, "330127101201");
        props.put(GateClientConfig.SPOOL_DIR, dir.toString());
        Histogram latency = new ConcurrentHistogram(3);
        AtomicLong accepted = new AtomicLong();
        long elapsedNanos;
        long drainedMillis;
        try (GateClient client = GateClient.builder().config(props).meterRegistry(new SimpleMeterRegistry()).build()) {
            long[] next = new long[threads];
            elapsedNanos = runLanes(threads, phase, latency, accepted, lane -> client.submit(GateScan.builder()
                    .identity(String.format("3301271990%02d%06d", lane, next[lane]++ % 1_000_000))
                    .personKind(PersonKind.RESIDENT)
                    .temperature(36.6, TemperatureUnit.CELSIUS)
                    .bodySite(BodySite.FOREHEAD)
                    .healthCode(HealthCodeColour.GREEN)
                    .direction(Direction.IN)
                    .build()));
            long waitFrom = System.nanoTime();
            while (client.spoolDepth() > 0) {
                Thread.sleep(5);
            }
            drainedMillis = (System.nanoTime() - waitFrom) / 1_000_000;
        }
        row("gate client submit → Kafka (embedded broker; all acknowledged " + drainedMillis + " ms after the last submit)",
                FsyncPolicy.ALWAYS, threads, accepted.get(), elapsedNanos, "–", latency);
        fresh(dir);
    }

    /** What one lane (a submitting thread) does once; timed per call. */
    @FunctionalInterface
    private interface LaneStep {
        void run(int lane) throws SpoolFullException;
    }

    /** Runs {@code step} on {@code threads} lanes until {@code phase} is over; returns the elapsed nanoseconds. */
    private static long runLanes(int threads, Duration phase, Histogram latency, AtomicLong count, LaneStep step)
            throws InterruptedException {
        List<Thread> lanes = new ArrayList<>();
        long started = System.nanoTime();
        long deadline = started + phase.toNanos();
        for (int t = 0; t < threads; t++) {
            int lane = t;
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    try {
                        step.run(lane);
                    } catch (SpoolFullException e) {
                        throw new IllegalStateException(e);
                    }
                    latency.recordValue((System.nanoTime() - t0) / 1000);
                    count.incrementAndGet();
                }
            }, "bench-lane-" + t);
            thread.start();
            lanes.add(thread);
        }
        for (Thread thread : lanes) {
            thread.join();
        }
        return System.nanoTime() - started;
    }

    private static void row(String what, FsyncPolicy policy, int threads, long count, long elapsedNanos, String perFsync, Histogram latency) {
        System.out.printf("| %s | %s | %d | %,.0f | %s | %d | %d | %d |%n", what, policy.configValue(), threads,
                count * 1e9 / elapsedNanos, perFsync, latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
                latency.getMaxValue());
    }

    private static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}

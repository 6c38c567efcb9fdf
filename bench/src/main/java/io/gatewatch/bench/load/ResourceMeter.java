package io.gatewatch.bench.load;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * CPU and heap over one phase: process CPU time from its start (this JVM's plus that of the
 * instance JVMs of {@code --instance-jvms}, read from {@code /proc/<pid>/stat}), the heap's peak
 * use (this JVM's) sampled every 100 ms on a daemon thread, and helpers for thread CPU and
 * directory sizes.
 */
final class ResourceMeter implements AutoCloseable {
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    /** Linux reports thread CPU in clock ticks of 1/100 s (USER_HZ, the same on every mainstream kernel). */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;
    private static final Path TASKS = Path.of("/proc/self/task");

    private final long processCpuStart = OS.getProcessCpuTime();
    private final double rocksDbStart = nativeThreadCpuSeconds("rocksdb");
    private final Map<Long, Double> childCpuStart = childCpuSeconds();
    private final Map<Long, Long> javaThreadCpuStart = javaThreadCpuNanos();
    private final Map<String, Long> nativeThreadCpuStart = nativeThreadTicks();
    private final double loadAverage = OS.getSystemLoadAverage();
    private final AtomicLong heapPeak = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    private ResourceMeter() {
        sampler = new Thread(() -> {
            while (running) {
                heapPeak.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "harness-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static ResourceMeter start() {
        return new ResourceMeter();
    }

    /** CPU seconds since the start of this JVM and of the instance JVMs ({@link #instanceJvmCpuSeconds()}). */
    double processCpuSeconds() {
        return (OS.getProcessCpuTime() - processCpuStart) / 1e9 + instanceJvmCpuSeconds();
    }

    /** CPU seconds since the start of the instance JVMs alive now ({@link InstanceJvm}); 0 when there are none. */
    double instanceJvmCpuSeconds() {
        double total = 0;
        for (Map.Entry<Long, Double> now : childCpuSeconds().entrySet()) {
            total += now.getValue() - childCpuStart.getOrDefault(now.getKey(), 0.0);
        }
        return total;
    }

    private static Map<Long, Double> childCpuSeconds() {
        Map<Long, Double> cpu = new HashMap<>();
        for (long pid : InstanceJvm.livePids()) {
            try {
                cpu.put(pid, statCpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) / CLOCK_TICKS_PER_SECOND);
            } catch (IOException | RuntimeException e) {
                // it ended meanwhile, or no /proc
            }
        }
        return cpu;
    }

    /** CPU seconds of RocksDB's own background threads (flushes, compactions) since the start: JFR does not sample them. */
    double rocksDbBackgroundCpuSeconds() {
        return Math.max(0, nativeThreadCpuSeconds("rocksdb") - rocksDbStart);
    }

    /**
     * CPU seconds, over their lifetime, of this process's threads whose OS name starts with
     * {@code prefix} — native threads too, which ThreadMXBean does not see. 0 where /proc is absent.
     */
    static double nativeThreadCpuSeconds(String prefix) {
        long[] ticks = {0};
        forEachThreadStat((thread, stat) -> {
            if (commOf(thread).startsWith(prefix)) {
                ticks[0] += statCpuTicks(stat);
            }
        });
        return ticks[0] / CLOCK_TICKS_PER_SECOND;
    }

    /**
     * Hands every thread of this process, as "tid comm" (its OS name), with its {@code /proc} stat
     * line to {@code threads}; nothing where /proc is absent, and a thread that ends meanwhile is skipped.
     */
    private static void forEachThreadStat(BiConsumer<String, String> threads) {
        if (!Files.isDirectory(TASKS)) {
            return;
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (open >= 0 && close > open) {
                        threads.accept(task.getFileName() + " " + stat.substring(open + 1, close), stat);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while listing
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to report
        }
    }

    private static String commOf(String thread) {
        return thread.substring(thread.indexOf(' ') + 1);
    }

    /**
     * CPU seconds per group of this JVM's threads since the start, largest first: Java threads by
     * name ({@link #groupOfJavaThread}), the JVM's own threads (JIT compilers, garbage collector) and
     * RocksDB's background threads by their OS name from {@code /proc} (JFR samples none of those).
     * Threads that ended during the phase are not counted; "all others" is the process's CPU
     * ({@link #processCpuSeconds()}, this JVM only) minus the groups.
     */
    Map<String, Double> cpuSecondsByThreadGroup() {
        Map<String, Double> groups = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                long now = Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
                long delta = now - javaThreadCpuStart.getOrDefault(info.getThreadId(), 0L);
                groups.merge(groupOfJavaThread(info.getThreadName()), Math.max(0, delta) / 1e9, Double::sum);
            }
        }
        for (Map.Entry<String, Long> thread : nativeThreadTicks().entrySet()) {
            long delta = thread.getValue() - nativeThreadCpuStart.getOrDefault(thread.getKey(), 0L);
            groups.merge(groupOfNativeThread(commOf(thread.getKey())), Math.max(0, delta) / CLOCK_TICKS_PER_SECOND, Double::sum);
        }
        double grouped = groups.values().stream().mapToDouble(Double::doubleValue).sum();
        double process = (OS.getProcessCpuTime() - processCpuStart) / 1e9;
        groups.put("all others (ended threads, VM, unattributed)", Math.max(0, process - grouped));
        Map<String, Double> ordered = new LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }

    /** The group a Java thread's CPU is reported under, by its name (Kafka Streams', Kafka clients' and the broker's naming). */
    static String groupOfJavaThread(String name) {
        if (name.contains("StreamThread") && name.endsWith("-producer")) {
            return "Streams producers (network)";
        }
        if (name.contains("StreamThread")) {
            return "stream threads";
        }
        if (name.contains("StateUpdater")) {
            return "Streams state updaters";
        }
        if (name.startsWith("data-plane-kafka-request-handler")) {
            return "broker request handlers";
        }
        if (name.startsWith("data-plane-kafka") || name.startsWith("kafka-network")) {
            return "broker network";
        }
        if (name.startsWith("kafka-producer-network-thread")) {
            return "other producers (network)";
        }
        return "other Java threads (broker, coordinators, harness)";
    }

    /** The group of a thread the JVM or RocksDB started, by its OS name; null for every other thread (a Java thread). */
    static String groupOfNativeThread(String comm) {
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            return "JIT compilers";
        }
        if (comm.startsWith("G1 ") || comm.startsWith("GC Thread")) {
            return "garbage collector";
        }
        if (comm.startsWith("rocksdb")) {
            return "RocksDB background";
        }
        return null;
    }

    private static Map<Long, Long> javaThreadCpuNanos() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            cpu.put(id, Math.max(0, THREADS.getThreadCpuTime(id)));
        }
        return cpu;
    }

    /** Clock ticks of the JVM's and RocksDB's native threads, keyed by "tid comm" ({@link #groupOfNativeThread}). */
    private static Map<String, Long> nativeThreadTicks() {
        Map<String, Long> ticks = new HashMap<>();
        forEachThreadStat((thread, stat) -> {
            if (groupOfNativeThread(commOf(thread)) != null) {
                ticks.put(thread, statCpuTicks(stat));
            }
        });
        return ticks;
    }

    /** utime + stime, in clock ticks, of a {@code /proc/.../stat} line (a process's or a thread's). */
    static long statCpuTicks(String stat) {
        // after "pid (comm) ": state is field 3; utime and stime are fields 14 and 15
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    double loadAverageAtStart() {
        return loadAverage;
    }

    long heapPeakBytes() {
        return Math.max(heapPeak.get(), MEMORY.getHeapMemoryUsage().getUsed());
    }

    /** Heap used after a full collection (System.gc(): a hint the default collectors honour). */
    static long heapAfterGcBytes() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    static double loadAverageNow() {
        return OS.getSystemLoadAverage();
    }

    /** CPU seconds, over their lifetime so far, of the live threads whose name matches. */
    static double threadCpuSeconds(Predicate<String> name) {
        long total = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && name.test(info.getThreadName())) {
                total += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total / 1e9;
    }

    /** CPU seconds of the current thread so far. */
    static double currentThreadCpuSeconds() {
        return THREADS.getCurrentThreadCpuTime() / 1e9;
    }

    /** Bytes of the regular files under {@code dir} (0 if it does not exist). */
    static long directoryBytes(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // a RocksDB file compacted away while walking
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}

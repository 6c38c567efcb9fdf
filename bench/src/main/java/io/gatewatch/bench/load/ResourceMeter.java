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
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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
        if (!Files.isDirectory(TASKS)) {
            return 0;
        }
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (open < 0 || close < open || !stat.substring(open + 1, close).startsWith(prefix)) {
                        continue;
                    }
                    ticks += statCpuTicks(stat);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while listing
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks / CLOCK_TICKS_PER_SECOND;
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

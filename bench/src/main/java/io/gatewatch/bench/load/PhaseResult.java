package io.gatewatch.bench.load;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * The figures of one backlog phase: how long the application(s) took from RUNNING until they had
 * consumed (and committed) the whole input, and what that cost.
 *
 * @param phase                   the phase ({@link Phase#option()})
 * @param name                    what ran, in words
 * @param guarantee               processing guarantee, or "n/a" for the plain consumer
 * @param records                 input records the phase had to consume (the backlog, or screening's output for counts alone)
 * @param processed               records the measured application counted itself (meters), or -1 where it does not count
 * @param seconds                 wall-clock seconds from RUNNING to done
 * @param startupSeconds          seconds from start() to RUNNING (not in {@code seconds})
 * @param processCpuSeconds       CPU seconds of the whole JVM (broker, clients, PostgreSQL excluded: own process) over {@code seconds}
 * @param streamThreadCpuSeconds  CPU seconds of the measured stream (or consumer) threads
 * @param heapPeakBytes           highest heap use sampled every 100 ms during the phase
 * @param heapAfterGcBytes        heap used after a full GC at the end, applications still open
 * @param stateBytes              bytes under the applications' state directories at the end (RocksDB, checkpoints)
 * @param loadAverage             the machine's 1-minute load average when the phase started
 * @param details                 further figures (Streams' thread time shares, sink rows, ...)
 */
public record PhaseResult(String phase, String name, String guarantee, long records, long processed, double seconds,
                          double startupSeconds, double processCpuSeconds, double streamThreadCpuSeconds, long heapPeakBytes,
                          long heapAfterGcBytes, long stateBytes, double loadAverage, Map<String, Object> details) {

    public PhaseResult {
        details = Map.copyOf(details);
    }

    @JsonProperty
    public double recordsPerSecond() {
        return seconds > 0 ? records / seconds : 0;
    }

    @JsonProperty
    public double processCpuMicrosPerRecord() {
        return records > 0 ? processCpuSeconds * 1e6 / records : 0;
    }

    @JsonProperty
    public double streamThreadCpuMicrosPerRecord() {
        return records > 0 ? streamThreadCpuSeconds * 1e6 / records : 0;
    }

    /** State bytes scaled to a million input records (state is not linear in input; see the method section). */
    @JsonProperty
    public long stateBytesPerMillion() {
        return records > 0 ? Math.round(stateBytes * 1e6 / records) : 0;
    }
}

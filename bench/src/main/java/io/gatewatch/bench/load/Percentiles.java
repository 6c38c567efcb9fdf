package io.gatewatch.bench.load;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles in milliseconds. {@code count} 0 means nothing was measured; the values are
 * then 0 (never NaN: the report is JSON).
 */
public record Percentiles(long count, double p50Ms, double p95Ms, double p99Ms, double maxMs, double meanMs) {

    public static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0, 0);

    /** A histogram for latencies recorded in microseconds, up to an hour, 3 significant digits. */
    public static Histogram newHistogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    /** Percentiles of a histogram of microseconds. */
    public static Percentiles of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return NONE;
        }
        return new Percentiles(micros.getTotalCount(),
                micros.getValueAtPercentile(50) / 1e3,
                micros.getValueAtPercentile(95) / 1e3,
                micros.getValueAtPercentile(99) / 1e3,
                micros.getMaxValue() / 1e3,
                micros.getMean() / 1e3);
    }
}

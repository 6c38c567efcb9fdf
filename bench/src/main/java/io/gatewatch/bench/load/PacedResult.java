package io.gatewatch.bench.load;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The figures of one paced rate: what was sent, whether the pipeline kept up, and the scan-to-alert
 * latency seen by a read_committed consumer of the alert topics.
 *
 * @param guarantee          processing guarantee of screening and counts
 * @param targetRate         scans/s asked for
 * @param achievedRate       scans/s sent during the measured seconds
 * @param seconds            measured seconds (after the warm-up)
 * @param scansSent          scans sent during the measured seconds
 * @param latency            scan-to-alert latency of the alerts of scans sent in the measured seconds
 * @param detection          the same alerts' {@code detectedAt} − {@code scannedAt}: up to the topology's decision, before
 *                           its output is flushed, committed and fetched
 * @param lagAtEnd           records screening and counts had not committed as consumed when the measured seconds ended
 *                           (end offsets − committed offsets of their inputs: at most a commit interval behind processing)
 * @param keptUp             the producer reached 98 % of the rate and the lag at the end was under a second's worth
 * @param processCpuSeconds  CPU seconds of the whole JVM over the measured seconds
 * @param loadAverage        1-minute load average when the measured seconds started
 */
public record PacedResult(String guarantee, int targetRate, double achievedRate, double seconds, long scansSent,
                          Percentiles latency, Percentiles detection, long lagAtEnd, boolean keptUp, double processCpuSeconds, double loadAverage) {

    @JsonProperty
    public double processCpuMicrosPerScan() {
        return scansSent > 0 ? processCpuSeconds * 1e6 / scansSent : 0;
    }
}

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
 * @param lagAtEnd           records not yet consumed by screening and counts when the measured seconds ended
 * @param keptUp             the producer reached 98 % of the rate and the lag at the end was under a second's worth
 * @param processCpuSeconds  CPU seconds of the whole JVM over the measured seconds
 * @param loadAverage        1-minute load average when the measured seconds started
 */
public record PacedResult(String guarantee, int targetRate, double achievedRate, double seconds, long scansSent,
                          Percentiles latency, long lagAtEnd, boolean keptUp, double processCpuSeconds, double loadAverage) {

    @JsonProperty
    public double processCpuMicrosPerScan() {
        return scansSent > 0 ? processCpuSeconds * 1e6 / scansSent : 0;
    }
}

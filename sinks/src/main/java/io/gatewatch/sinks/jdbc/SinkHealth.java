package io.gatewatch.sinks.jdbc;

import java.time.Instant;

/**
 * A snapshot of a sink's health: its state, the last error (message only: no record content), when
 * it last committed, and how many partitions it owns.
 */
public record SinkHealth(SinkState state, String lastError, Instant lastCommitAt, int assignedPartitions, long batchesCommitted) {

    /** True unless the sink has failed or stopped; RETRYING still counts as alive but degraded. */
    public boolean isHealthy() {
        return state != SinkState.FAILED && state != SinkState.STOPPED;
    }
}

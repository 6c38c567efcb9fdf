package io.gatewatch.bench.load;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One pre-load of the backlog onto a fresh broker: the producer's rate (idempotent, acks=all, lz4,
 * the simulator's producer settings).
 */
public record ProduceResult(String broker, long records, long bytes, double seconds) {

    @JsonProperty
    public double recordsPerSecond() {
        return seconds > 0 ? records / seconds : 0;
    }
}

package io.gatewatch.sinks.jdbc;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Called by the sink as each batch passes a {@link FaultPoint}, with the offsets the batch moves
 * its partitions to. Production uses {@link #NONE}; a test throws from it to crash the sink
 * deterministically at that point, for a batch of its choosing. The exception escapes the sink's
 * loop like a kill: the open transaction is abandoned, nothing further is committed anywhere.
 */
@FunctionalInterface
interface FaultHook {
    FaultHook NONE = (point, nextOffsets) -> {};

    void reached(FaultPoint point, Map<TopicPartition, Long> nextOffsets);
}

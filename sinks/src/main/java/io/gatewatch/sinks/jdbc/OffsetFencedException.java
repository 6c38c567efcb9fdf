package io.gatewatch.sinks.jdbc;

import org.apache.kafka.common.TopicPartition;

/**
 * The stored offset of a partition was not the one this instance expected: another instance of
 * the group has committed past it (this one lost the partition in a rebalance). The batch was
 * rolled back; its records belong to the new owner.
 */
final class OffsetFencedException extends Exception {
    private final TopicPartition partition;

    public OffsetFencedException(TopicPartition partition, Long expected) {
        super("stored offset of " + partition + " is no longer " + (expected == null ? "absent" : expected)
                + ": another instance of the group owns it now");
        this.partition = partition;
    }

    public TopicPartition partition() {
        return partition;
    }
}

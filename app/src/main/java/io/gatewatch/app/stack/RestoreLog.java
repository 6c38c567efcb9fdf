package io.gatewatch.app.stack;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in GateWatch's own log when a Kafka Streams application restores a store from its
 * changelog, and how long it took: after an unclean stop under exactly-once every open task is wiped
 * and restored (RELIABILITY.md), and without these lines a restart that takes minutes looks like a
 * hang (Kafka's own restore lines are at INFO in the broker/client log, which keeps warnings only).
 * A partition with nothing to restore is not mentioned.
 */
final class RestoreLog implements StateRestoreListener {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreLog.class);

    private final String app;
    private final Map<TopicPartition, Long> startedAt = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    RestoreLog(String app, LongSupplier nanoClock) {
        this.app = app;
        this.nanoClock = nanoClock;
    }

    RestoreLog(String app) {
        this(app, System::nanoTime);
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        if (endingOffset > startingOffset) {
            startedAt.put(partition, nanoClock.getAsLong());
            LOG.info("Streams app {}: restoring store {} (partition {}) from its changelog, offsets {} to {}", app, store,
                    partition.partition(), startingOffset, endingOffset);
        }
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        // progress is in Kafka Streams' restore metrics (restore-remaining-records-total); a line per batch would flood
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        Long started = startedAt.remove(partition);
        if (started != null) {
            LOG.info("Streams app {}: restored store {} (partition {}), {} records in {} ms", app, store, partition.partition(),
                    totalRestored, (nanoClock.getAsLong() - started) / 1_000_000);
        }
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        if (startedAt.remove(partition) != null) {
            LOG.info("Streams app {}: restoring store {} (partition {}) suspended after {} records: the task moved", app, store,
                    partition.partition(), totalRestored);
        }
    }
}

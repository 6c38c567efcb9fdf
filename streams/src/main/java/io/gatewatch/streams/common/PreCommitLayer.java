package io.gatewatch.streams.common;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * The outermost layer of a store that holds writes in memory and writes them to the store below
 * just before Kafka Streams commits the task ({@link WriteBehindStore}, {@link BatchJournal}).
 *
 * <p>Before Kafka Streams commits a task it calls {@link #flushCache()} on each of its stores (for
 * exactly-once: before the transaction that carries the changelog records and the input offsets
 * commits), and this layer writes what it holds down there first; a task that fails before a
 * commit is wiped and restored from the changelog, and {@link #init}/{@link #clearCache()} drop
 * what is held. That pre-commit hook is Kafka Streams' internal {@code CachedStateStore} contract,
 * reached by extending its internal {@link WrappedStateStore} as Kafka's own store layers do: the
 * public API has no pre-commit hook (its {@code StateStore.commit} runs after the transaction). The
 * Kafka version is pinned in the parent POM; CountsTopologyIT and ScreeningDeduplicationTest restore
 * from what was written below after a restart and fail if a Kafka upgrade stops calling the hook.
 */
abstract class PreCommitLayer<S extends StateStore, K, V> extends WrappedStateStore<S, K, V> {
    PreCommitLayer(S inner) {
        super(inner);
    }

    /** Writes what this layer holds to the store below. */
    abstract void writeDown();

    /** Forgets what this layer holds (uncommitted work thrown away, or a fresh start). */
    abstract void dropHeld();

    /** Called by Kafka Streams on every store before it commits a task. */
    @Override
    public void flushCache() {
        writeDown();
        super.flushCache();
    }

    /** Called when a task's uncommitted work is thrown away (e.g. it is closed dirty). */
    @Override
    public void clearCache() {
        dropHeld();
        super.clearCache();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeDown();
        super.commit(changelogOffsets);
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        dropHeld();
        super.init(context, root);
    }

    @Override
    public void close() {
        dropHeld();
        super.close();
    }
}

package io.gatewatch.streams.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * The outermost layer of a store whose processor rewrites the same few keys for every scan: puts
 * are kept as objects in a map and written to the store below (metered, cached, changelogged,
 * RocksDB) only when Kafka Streams flushes the store before a commit, or before a range read. The
 * counts processor rewrites an area's tally and the task clock for every scan, screening a bucket
 * of devices' fault-rate tallies; without this layer each rewrite paid the layers below
 * (serialisation, latency metrics, the record cache's sorted map, a changelog record) — half of the
 * counts thread's time. With it, each key costs that once per commit interval.
 *
 * <p>Exactly-once is unaffected: before Kafka Streams commits a task it calls {@link #flushCache()}
 * on each of its stores (so the changelog records go out in the transaction that commits the input
 * offsets), and this layer writes its pending puts down there first; a task that fails before a
 * commit is wiped and restored from the changelog, and {@link #init}/{@link #clearCache()} drop
 * what is pending. Reads see pending puts.
 *
 * <p>That pre-commit hook is Kafka Streams' internal {@code CachedStateStore} contract, reached by
 * extending its internal {@link WrappedStateStore} as Kafka's own store layers do: the public API
 * has no pre-commit hook (its {@code StateStore.commit} runs after the transaction). The Kafka
 * version is pinned in the parent POM; CountsTopologyIT restores from the changelogs alone after a
 * restart and fails if a Kafka upgrade stops calling the hook.
 * Values are held by reference: a caller that mutates a value after {@code put} must {@code put}
 * it again (the counts processor does), or the mutation may be lost once written down.
 */
public final class WriteBehindStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V> implements KeyValueStore<K, V> {
    private final Map<K, V> pending = new LinkedHashMap<>();

    WriteBehindStore(KeyValueStore<K, V> inner) {
        super(inner);
    }

    /** Wraps what {@code builder} builds; the builder's names, logging and caching settings apply below this layer. */
    public static <K, V> StoreBuilder<KeyValueStore<K, V>> wrap(StoreBuilder<KeyValueStore<K, V>> builder) {
        return new Builder<>(builder);
    }

    @Override
    public void put(K key, V value) {
        if (value == null) {
            delete(key);
        } else {
            pending.put(key, value);
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public V delete(K key) {
        V wasPending = pending.remove(key);
        V stored = wrapped().delete(key);
        return wasPending != null ? wasPending : stored;
    }

    @Override
    public V get(K key) {
        V value = pending.get(key);
        return value != null ? value : wrapped().get(key);
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        writeDown();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        writeDown();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        writeDown();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        writeDown();
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        writeDown();
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries() + pending.size();
    }

    /** Writes the pending puts to the store below, in the order they were first made. */
    private void writeDown() {
        if (pending.isEmpty()) {
            return;
        }
        KeyValueStore<K, V> below = wrapped();
        for (Map.Entry<K, V> entry : pending.entrySet()) {
            below.put(entry.getKey(), entry.getValue());
        }
        pending.clear();
    }

    /**
     * Called by Kafka Streams on every store before it commits a task (for exactly-once: before the
     * transaction that carries the changelog records and the input offsets commits).
     */
    @Override
    public void flushCache() {
        writeDown();
        super.flushCache();
    }

    /** Called when a task's uncommitted work is thrown away (e.g. it is closed dirty). */
    @Override
    public void clearCache() {
        pending.clear();
        super.clearCache();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeDown();
        super.commit(changelogOffsets);
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        pending.clear();
        super.init(context, root);
    }

    @Override
    public void close() {
        pending.clear();
        super.close();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        writeDown();
        return super.query(query, positionBound, config);
    }

    private record Builder<K, V>(StoreBuilder<KeyValueStore<K, V>> inner) implements StoreBuilder<KeyValueStore<K, V>> {
        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
            return new Builder<>(inner.withCachingEnabled());
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
            return new Builder<>(inner.withCachingDisabled());
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
            return new Builder<>(inner.withLoggingEnabled(config));
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
            return new Builder<>(inner.withLoggingDisabled());
        }

        @Override
        public KeyValueStore<K, V> build() {
            return new WriteBehindStore<>(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}

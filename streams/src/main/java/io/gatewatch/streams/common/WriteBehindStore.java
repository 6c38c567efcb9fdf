package io.gatewatch.streams.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The outermost layer of a store whose processor rewrites the same few keys for every scan: puts
 * are kept as objects in a map and written to the store below (metered, cached, changelogged,
 * RocksDB) only when Kafka Streams flushes the store before a commit, or before a range read. The
 * counts processor rewrites an area's tally and the task clock for every scan, screening a bucket
 * of devices' fault-rate tallies; without this layer each rewrite paid the layers below
 * (serialisation, latency metrics, the record cache's sorted map, a changelog record) — half of the
 * counts thread's time. With it, each key costs that once per commit interval.
 *
 * <p>Exactly-once is unaffected: the pending puts are written down just before each commit
 * ({@link PreCommitLayer}), so their changelog records go out in the transaction that commits the
 * input offsets. Reads see pending puts.
 * Values are held by reference: a caller that mutates a value after {@code put} must {@code put}
 * it again (the counts processor does), or the mutation may be lost once written down.
 */
public final class WriteBehindStore<K, V> extends PreCommitLayer<KeyValueStore<K, V>, K, V> implements KeyValueStore<K, V> {
    private final Map<K, V> pending = new LinkedHashMap<>();

    WriteBehindStore(KeyValueStore<K, V> inner) {
        super(inner);
    }

    /** Wraps what {@code builder} builds; the builder's names, logging and caching settings apply below this layer. */
    public static <K, V> StoreBuilder<KeyValueStore<K, V>> wrap(StoreBuilder<KeyValueStore<K, V>> builder) {
        return new LayeredStoreBuilder<>(builder, WriteBehindStore::new);
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
    @Override
    void writeDown() {
        if (pending.isEmpty()) {
            return;
        }
        KeyValueStore<K, V> below = wrapped();
        for (Map.Entry<K, V> entry : pending.entrySet()) {
            below.put(entry.getKey(), entry.getValue());
        }
        pending.clear();
    }

    @Override
    void dropHeld() {
        pending.clear();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        writeDown();
        return super.query(query, positionBound, config);
    }
}

package io.gatewatch.streams.screening;

import io.gatewatch.streams.common.CompactBytesMap;
import io.gatewatch.streams.common.HeapIndexStore;
import io.gatewatch.streams.common.KeyBuffer;
import io.gatewatch.streams.common.TimeSegments;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The de-duplication index on the heap, compact: no object per event id. Session 13 measured Kafka
 * Streams' in-memory window store here: the stream thread saved 7–8 µs per scan against RocksDB, and
 * the garbage collector paid 10–11 µs more for ~320 bytes and several objects per id that live for a
 * day. Here an id costs its bytes plus 22 in a byte arena and a {@code long} slot of an
 * open-addressing table ({@link CompactBytesMap}): ~80 bytes in all for a 36-character id, in arrays
 * that the collector copies or marks as one object each.
 *
 * <p>Like a window store it is cut by scan time into segments ({@link TimeSegments}: an eighth of
 * the retention each, at least a minute), each a map of its own; lookups go to the one segment of the scan time, and a
 * segment is dropped whole once the newest scan time put has left it more than the retention
 * behind. Pairs older than that are neither held nor answered, as in Kafka Streams' window stores.
 * A key is {@code [scan time][eventId as UTF-8]}, compared byte for byte: the index is exact. Ids
 * come from devices, so slots are chosen by SipHash under a key drawn when the store opens
 * ({@link HeapIndexStore}): a sender cannot choose ids that collide and make every lookup walk the
 * table.
 *
 * <p>Unlogged and not persistent: it comes back empty at every start, and {@link Deduplicator}
 * rebuilds it from the de-duplication journal, as after a crash. One stream thread uses it.
 */
final class HeapDedupeIndex extends HeapIndexStore implements DedupeIndex {
    /** A key is {@code [scan time: 8][eventId: UTF-8]}. */
    private static final int KEY_HEADER = Long.BYTES;

    private final TimeSegments<CompactBytesMap> segments;
    /** The key being looked up or put. */
    private final KeyBuffer probe = new KeyBuffer();
    private HeldThrough heldThrough;

    HeapDedupeIndex(String name, long retentionMs) {
        this(name, retentionMs, KEYED_SIPHASH);
    }

    /** With the hash a test chooses (one that collides for every key, to show lookups stay exact). */
    HeapDedupeIndex(String name, long retentionMs, Supplier<CompactBytesMap.KeyHash> hashes) {
        super(name, hashes);
        this.segments = new TimeSegments<>(retentionMs, this::newMap);
    }

    /** The index as a store of a topology: never logged, never cached (it has neither). */
    static StoreBuilder<HeapDedupeIndex> builder(String name, long retentionMs) {
        return HeapIndexStore.builder(name, () -> new HeapDedupeIndex(name, retentionMs));
    }

    @Override
    public long batchOf(String eventId, long eventTime) {
        if (eventTime < segments.minLiveTime()) {
            return NOT_HELD;
        }
        CompactBytesMap segment = segments.existing(eventTime);
        if (segment == null) {
            return NOT_HELD;
        }
        int keyLength = encode(eventId, eventTime);
        return segment.getLong(probe.bytes(), keyLength, NOT_HELD);
    }

    @Override
    public void put(String eventId, long batch, long eventTime) {
        if (!segments.observe(eventTime)) {
            return;
        }
        int keyLength = encode(eventId, eventTime);
        segments.segmentFor(eventTime).putLong(probe.bytes(), keyLength, batch);
    }

    @Override
    public HeldThrough heldThrough() {
        return heldThrough;
    }

    @Override
    public void markHeldThrough(long batch, long streamTime) {
        heldThrough = new HeldThrough(batch, streamTime);
    }

    /** How many (eventId, scan time) pairs the index holds. */
    long entries() {
        return segments.all().stream().mapToLong(CompactBytesMap::size).sum();
    }

    /** Heap the index holds in its tables and arenas, in bytes. */
    long bytes() {
        return segments.all().stream().mapToLong(CompactBytesMap::bytes).sum();
    }

    /** How many segments of scan time the index holds. */
    int segmentCount() {
        return segments.all().size();
    }

    /** Writes the entry's key part for (eventId, eventTime) into {@link #probe}; returns its length. */
    private int encode(String eventId, long eventTime) {
        int idLength = probe.putUtf8(KEY_HEADER, eventId, 0);
        CompactBytesMap.writeLong(probe.bytes(), 0, eventTime);
        return KEY_HEADER + idLength;
    }

    @Override
    protected void clear() {
        segments.clear();
        heldThrough = null;
    }
}

package io.gatewatch.streams.counts;

import io.gatewatch.schema.WindowSize;
import io.gatewatch.streams.common.CompactBytesMap;
import io.gatewatch.streams.common.HeapIndexStore;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Counts' persons index on the heap, compact: one {@link CompactBytesMap} per open window, dropped
 * whole when the window closes. Kafka Streams' in-memory store kept ~190 bytes and three objects per
 * entry in one sorted map of every window's persons (a lookup walked a tree of some 400,000 keys in
 * the load harness, and a closed window's persons were found by a range scan and deleted one by
 * one); here an entry is its key and value plus 6 bytes in an arena and a {@code long} slot, found by
 * one hash probe. The maps' slots are chosen by SipHash under a key drawn when the store opens
 * ({@link HeapIndexStore}): person tokens are hashes of identity numbers a scanner reads, not
 * chosen by the system.
 *
 * <p>Unlogged and not persistent: empty at every start, rebuilt by {@link AreaCountsProcessor} from
 * {@code counts-persons-journal}. One stream thread uses it.
 */
final class HeapPersonsIndex extends HeapIndexStore implements PersonsIndex {
    /** A window's persons: the maps hold keys whose first 9 bytes ({@link WindowKey#windowPrefix}) name it. */
    private record Window(byte size, long start) {}

    private final Map<Window, CompactBytesMap> windows = new HashMap<>();
    private long heldThrough = NONE;
    /** The two windows used last (a scan looks up its hour, then its day). */
    private final Window[] recent = new Window[2];
    private final CompactBytesMap[] recentMaps = new CompactBytesMap[2];
    private int nextRecent;

    HeapPersonsIndex(String name) {
        this(name, KEYED_SIPHASH);
    }

    HeapPersonsIndex(String name, Supplier<CompactBytesMap.KeyHash> hashes) {
        super(name, hashes);
    }

    static StoreBuilder<HeapPersonsIndex> builder(String name) {
        return HeapIndexStore.builder(name, () -> new HeapPersonsIndex(name));
    }

    @Override
    public byte[] get(Bytes personKey) {
        byte[] key = personKey.get();
        CompactBytesMap window = window(key[0], CompactBytesMap.readLong(key, 1), false);
        return window == null ? null : window.get(key, key.length);
    }

    @Override
    public void put(Bytes personKey, byte[] sightings) {
        byte[] key = personKey.get();
        window(key[0], CompactBytesMap.readLong(key, 1), true).put(key, key.length, sightings, sightings.length);
    }

    @Override
    public void forgetWindow(WindowSize size, long windowStart) {
        byte[] prefix = WindowKey.windowPrefix(size, windowStart).get();
        windows.remove(new Window(prefix[0], CompactBytesMap.readLong(prefix, 1)));
        forgetRecent();
    }

    @Override
    public long heldThrough() {
        return heldThrough;
    }

    @Override
    public void markHeldThrough(long batch) {
        heldThrough = batch;
    }

    /** How many persons the index holds, over all windows. */
    long entries() {
        return windows.values().stream().mapToLong(CompactBytesMap::size).sum();
    }

    /** Heap the index holds in its tables and arenas, in bytes. */
    long bytes() {
        return windows.values().stream().mapToLong(CompactBytesMap::bytes).sum();
    }

    private CompactBytesMap window(byte size, long start, boolean create) {
        for (int i = 0; i < recent.length; i++) {
            if (recent[i] != null && recent[i].size() == size && recent[i].start() == start) {
                return recentMaps[i];
            }
        }
        Window window = new Window(size, start);
        CompactBytesMap map = create ? windows.computeIfAbsent(window, any -> newMap()) : windows.get(window);
        if (map != null) {
            recent[nextRecent] = window;
            recentMaps[nextRecent] = map;
            nextRecent = (nextRecent + 1) % recent.length;
        }
        return map;
    }

    private void forgetRecent() {
        Arrays.fill(recent, null);
        Arrays.fill(recentMaps, null);
    }

    @Override
    protected void clear() {
        windows.clear();
        forgetRecent();
        heldThrough = NONE;
    }
}

package io.gatewatch.streams.counts;

import io.gatewatch.schema.WindowSize;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts' index of persons seen per open window: a person key ({@link WindowKey#personKey}: the
 * window, the county, the token) to its {@link PersonSightings}, with a mark of the newest journal
 * batch it holds. Where it lives is {@code counts.persons.store}: on the heap ({@link HeapPersonsIndex})
 * or in a RocksDB key-value store ({@link InKeyValueStore}).
 */
interface PersonsIndex {
    /** What {@link #heldThrough} answers when the index holds no journal batch. */
    long NONE = -1;

    /** The person's sightings as stored, or null. */
    byte[] get(Bytes personKey);

    void put(Bytes personKey, byte[] sightings);

    /** Forgets every person of a window (it has closed). */
    void forgetWindow(WindowSize size, long windowStart);

    /** The newest journal batch whose entries the index holds, or {@link #NONE}. */
    long heldThrough();

    void markHeldThrough(long batch);

    /**
     * The index in a key-value store (RocksDB, unlogged, under a write-behind layer): the mark lives
     * under the empty key, before every window prefix; a window is forgotten by a prefix scan.
     */
    final class InKeyValueStore implements PersonsIndex {
        static final Bytes HELD_THROUGH = Bytes.wrap(new byte[0]);
        private static final BytesSerializer PREFIX_SERIALIZER = new BytesSerializer();
        private final KeyValueStore<Bytes, byte[]> store;

        InKeyValueStore(KeyValueStore<Bytes, byte[]> store) {
            this.store = store;
        }

        @Override
        public byte[] get(Bytes personKey) {
            return store.get(personKey);
        }

        @Override
        public void put(Bytes personKey, byte[] sightings) {
            store.put(personKey, sightings);
        }

        @Override
        public void forgetWindow(WindowSize size, long windowStart) {
            List<Bytes> seen = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> tokens = store.prefixScan(WindowKey.windowPrefix(size, windowStart), PREFIX_SERIALIZER)) {
                tokens.forEachRemaining(entry -> seen.add(entry.key));
            }
            seen.forEach(store::delete);
        }

        @Override
        public long heldThrough() {
            byte[] mark = store.get(HELD_THROUGH);
            return mark == null ? NONE : ByteBuffer.wrap(mark).getLong();
        }

        @Override
        public void markHeldThrough(long batch) {
            store.put(HELD_THROUGH, ByteBuffer.allocate(Long.BYTES).putLong(batch).array());
        }
    }
}

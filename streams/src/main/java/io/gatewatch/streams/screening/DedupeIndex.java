package io.gatewatch.streams.screening;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * {@link Deduplicator}'s index: (eventId, scan time) to the journal batch that logged it, kept for
 * the de-duplication span in event time, with a mark of the newest journal batch it holds. Where it
 * lives is {@code screening.dedupe.store}: on the heap ({@link HeapDedupeIndex}) or in a RocksDB
 * window store ({@link InWindowStore}).
 */
interface DedupeIndex {
    /** What {@link #batchOf} answers for a pair the index does not hold. */
    long NOT_HELD = -1;

    /** The journal batch that logged this (eventId, scan time), or {@link #NOT_HELD}. */
    long batchOf(String eventId, long eventTime);

    /** Remembers (eventId, scan time) as logged in journal batch {@code batch}. */
    void put(String eventId, long batch, long eventTime);

    /** The last {@link #markHeldThrough mark}, or null when the index holds no batch. */
    HeldThrough heldThrough();

    /** Records that the index holds every journal batch through {@code batch}, at stream time {@code streamTime}. */
    void markHeldThrough(long batch, long streamTime);

    /** The newest journal batch the index holds, and the stream time when it was marked. */
    record HeldThrough(long batch, long streamTime) {}

    /**
     * The index in a window store keyed by eventId at the scan time (RocksDB, unlogged): one point
     * lookup in one segment; the mark lives under the key {@code ""}, never an eventId (blank ids are
     * refused), at the stream time of the mark.
     */
    final class InWindowStore implements DedupeIndex {
        static final String HELD_THROUGH = "";
        private final WindowStore<String, Long> store;

        InWindowStore(WindowStore<String, Long> store) {
            this.store = store;
        }

        @Override
        public long batchOf(String eventId, long eventTime) {
            Long batch = store.fetch(eventId, eventTime);
            return batch == null ? NOT_HELD : batch;
        }

        @Override
        public void put(String eventId, long batch, long eventTime) {
            store.put(eventId, batch, eventTime);
        }

        @Override
        public HeldThrough heldThrough() {
            try (WindowStoreIterator<Long> marks = store.backwardFetch(HELD_THROUGH, 0, Long.MAX_VALUE)) {
                if (!marks.hasNext()) {
                    return null;
                }
                KeyValue<Long, Long> newest = marks.next();
                return new HeldThrough(newest.value, newest.key);
            }
        }

        @Override
        public void markHeldThrough(long batch, long streamTime) {
            store.put(HELD_THROUGH, batch, streamTime);
        }
    }
}

package io.gatewatch.streams.screening;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * {@link ObservationProcessor}'s lookback: every gate and check-in sighting of the last
 * {@code screening.observation.breach.lookback.ms} of event time, by person token, as its
 * serialized bytes ({@link Sighting#SERDE}), for judging a watchlist entry that arrives after the
 * sightings it concerns. Like a window store it keeps what is at most the retention behind the
 * newest scan time put, and answers nothing older. Where it lives is
 * {@code screening.observation.sightings.store}: on the heap ({@link HeapSightingsLookback}) or in
 * a RocksDB window store ({@link InWindowStore}). Neither is logged: the processor rebuilds an
 * empty lookback from its journal.
 */
interface SightingsLookback {
    /** Keeps a sighting of {@code person} at {@code scannedAtMs}. */
    void put(String person, byte[] sighting, long scannedAtMs);

    /** The kept sightings of {@code person} with scan times in {@code [fromMs, toMs]}, in scan-time order (ties in the order put). */
    void forEach(String person, long fromMs, long toMs, Visitor visitor);

    /** Whether nothing is kept. */
    boolean isEmpty();

    /** What {@link #forEach} hands each sighting to. */
    @FunctionalInterface
    interface Visitor {
        void visit(long scannedAtMs, byte[] sighting);
    }

    /** The lookback in a window store keyed by person token at the scan time (RocksDB, unlogged, duplicates retained). */
    final class InWindowStore implements SightingsLookback {
        private final WindowStore<String, byte[]> store;

        InWindowStore(WindowStore<String, byte[]> store) {
            this.store = store;
        }

        @Override
        public void put(String person, byte[] sighting, long scannedAtMs) {
            store.put(person, sighting, scannedAtMs);
        }

        @Override
        public void forEach(String person, long fromMs, long toMs, Visitor visitor) {
            try (WindowStoreIterator<byte[]> kept = store.fetch(person, fromMs, toMs)) {
                while (kept.hasNext()) {
                    KeyValue<Long, byte[]> next = kept.next();
                    visitor.visit(next.key, next.value);
                }
            }
        }

        @Override
        public boolean isEmpty() {
            try (KeyValueIterator<Windowed<String>, byte[]> any = store.all()) {
                return !any.hasNext();
            }
        }
    }
}

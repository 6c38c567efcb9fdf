package io.gatewatch.streams.common;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * A store kept on the heap in {@link CompactBytesMap}s that has no changelog and is never persisted:
 * for an index that its processor rebuilds from a {@link BatchJournal} whenever it comes back empty.
 * It is empty at every {@link #init} (a start, or a task revived after exactly-once corruption) and
 * emptied on {@link #close}. Its maps' slots are chosen by a hash drawn anew at every {@link #init}:
 * by default {@link SipHash} under a fresh random key, so no sender can aim keys at one slot.
 */
public abstract class HeapIndexStore implements StateStore {
    /** SipHash under a fresh random key each time: what the stores use outside tests. */
    protected static final Supplier<CompactBytesMap.KeyHash> KEYED_SIPHASH = () -> new SipHash()::hash;

    private final String name;
    private final Supplier<CompactBytesMap.KeyHash> hashes;
    private CompactBytesMap.KeyHash hash;
    private boolean open;

    /** A store whose maps hash keys with what {@code hashes} gives (a test may give one that collides for every key). */
    protected HeapIndexStore(String name, Supplier<CompactBytesMap.KeyHash> hashes) {
        this.name = name;
        this.hashes = hashes;
        this.hash = hashes.get();
    }

    /** A builder of the store {@code factory} makes: never logged, never cached (it has neither). */
    public static <T extends HeapIndexStore> StoreBuilder<T> builder(String name, Supplier<T> factory) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<T> withCachingEnabled() {
                throw new UnsupportedOperationException(name + " is on the heap: it has no record cache");
            }

            @Override
            public StoreBuilder<T> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<T> withLoggingEnabled(Map<String, String> config) {
                throw new UnsupportedOperationException(name + " is rebuilt from its journal, never logged");
            }

            @Override
            public StoreBuilder<T> withLoggingDisabled() {
                return this;
            }

            @Override
            public T build() {
                return factory.get();
            }

            @Override
            public Map<String, String> logConfig() {
                return Map.of();
            }

            @Override
            public boolean loggingEnabled() {
                return false;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    /** Forgets every entry. */
    protected abstract void clear();

    /** An empty map under the store's current hash. */
    protected CompactBytesMap newMap() {
        return new CompactBytesMap(hash);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        clear();
        hash = hashes.get();
        context.register(root, (key, value) -> {
            throw new IllegalStateException(name + " has no changelog to restore from");
        });
        open = true;
    }

    @Override
    public void flush() {
        // Nothing to write: the journal is what survives.
    }

    @Override
    public void close() {
        clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public Position getPosition() {
        return Position.emptyPosition();
    }
}

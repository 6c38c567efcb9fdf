package io.gatewatch.streams.common;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * A store kept on the heap that has no changelog and is never persisted: for an index that its
 * processor rebuilds from a {@link BatchJournal} whenever it comes back empty. It is empty at every
 * {@link #init} (a start, or a task revived after exactly-once corruption) and emptied on {@link #close}.
 */
public abstract class HeapIndexStore implements StateStore {
    private final String name;
    private boolean open;

    protected HeapIndexStore(String name) {
        this.name = name;
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

    /** Called at every {@link #init}, after {@link #clear}: e.g. to draw a new hash key. */
    protected void opened() {
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        clear();
        opened();
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

package io.gatewatch.streams.common;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds what {@code inner} builds with one more layer on top ({@link WriteBehindStore},
 * {@link BatchJournal}); the inner builder's name, logging and caching settings apply below that layer.
 */
record LayeredStoreBuilder<I extends StateStore, S extends StateStore>(StoreBuilder<I> inner, Function<I, S> layer)
        implements StoreBuilder<S> {
    @Override
    public StoreBuilder<S> withCachingEnabled() {
        return new LayeredStoreBuilder<>(inner.withCachingEnabled(), layer);
    }

    @Override
    public StoreBuilder<S> withCachingDisabled() {
        return new LayeredStoreBuilder<>(inner.withCachingDisabled(), layer);
    }

    @Override
    public StoreBuilder<S> withLoggingEnabled(Map<String, String> config) {
        return new LayeredStoreBuilder<>(inner.withLoggingEnabled(config), layer);
    }

    @Override
    public StoreBuilder<S> withLoggingDisabled() {
        return new LayeredStoreBuilder<>(inner.withLoggingDisabled(), layer);
    }

    @Override
    public S build() {
        return layer.apply(inner.build());
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

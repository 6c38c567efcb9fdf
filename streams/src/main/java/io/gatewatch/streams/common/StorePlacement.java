package io.gatewatch.streams.common;

import java.util.Arrays;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateStore;

/**
 * Where an index that grows with the traffic is kept: on the heap (a {@link HeapIndexStore} of
 * {@link CompactBytesMap}s) or in RocksDB, chosen per deployment as Flink users choose a state
 * backend. The setting's values are spelled as Kafka Streams' own {@code default.dsl.store}
 * ({@value StreamsConfig#IN_MEMORY}, {@value StreamsConfig#ROCKS_DB}).
 * Only for indexes that have no changelog of their own and are rebuilt from a {@link BatchJournal}:
 * on the heap such an index comes back empty at every start and is rebuilt, the path a crash takes
 * anyway, so the choice costs nothing in correctness, only heap against speed.
 */
public enum StorePlacement {
    IN_MEMORY(StreamsConfig.IN_MEMORY),
    ROCKS_DB(StreamsConfig.ROCKS_DB);

    private final String value;

    StorePlacement(String value) {
        this.value = value;
    }

    /** The setting's value for this placement. */
    public String value() {
        return value;
    }

    /** Accepts exactly the values of {@link #of}. */
    public static ConfigDef.Validator validator() {
        return ConfigDef.ValidString.in(Arrays.stream(values()).map(StorePlacement::value).toArray(String[]::new));
    }

    /**
     * The index a processor's context holds under a store built for one of the placements: the
     * store itself when it is the heap index (a {@link HeapIndexStore} implementing {@code index}),
     * else {@code onDisk} over the RocksDB store.
     */
    public static <I, S> I index(StateStore store, Class<I> index, Function<S, I> onDisk) {
        if (index.isInstance(store)) {
            return index.cast(store);
        }
        @SuppressWarnings("unchecked")
        S rocksDb = (S) store;
        return onDisk.apply(rocksDb);
    }

    /** The placement a validated setting names. */
    public static StorePlacement of(String value) {
        return Arrays.stream(values()).filter(p -> p.value.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Not a store placement: " + value));
    }
}

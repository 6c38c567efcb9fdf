package io.gatewatch.streams.common;

import java.util.Arrays;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;

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

    /** The placement a validated setting names. */
    public static StorePlacement of(String value) {
        return Arrays.stream(values()).filter(p -> p.value.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Not a store placement: " + value));
    }
}

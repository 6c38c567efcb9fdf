package io.gatewatch.streams.counts;

import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.streams.common.BatchJournal;
import io.gatewatch.streams.common.StorePlacement;
import io.gatewatch.streams.common.TaskClock;
import io.gatewatch.streams.common.WriteBehindStore;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Supplies {@link AreaCountsProcessor} and owns its stores. Store names are contracts: they name
 * the changelog topics ({@code <application.id>-<store>-changelog}), renaming one loses state.
 *
 * <p>The windows and the clock are persistent (RocksDB) and changelogged, each under a
 * {@link WriteBehindStore} that holds each key's latest value until the next commit (instead of
 * Streams' record cache); the persons index is on the heap ({@link HeapPersonsIndex}) or in RocksDB
 * under the same layer ({@link CountsConfig#PERSONS_STORE}) and logged through {@link #PERSONS_JOURNAL_STORE}. Their size is bounded by the
 * windows still open: a window's tallies and tokens are deleted (tombstoned in the changelog) when
 * it closes, at most its length plus grace after it opened.
 */
final class AreaCountsSupplier implements ProcessorSupplier<String, ScreenedScan, Void, CountsOutput> {
    /** Tally per (window size, window start, area level, area code). */
    static final String WINDOWS_STORE = "counts-windows";
    /** Where each person token was seen, per (window size, window start, county): the distinct-person sets of every level. */
    static final String PERSONS_STORE = "counts-persons";
    /** The {@link #PERSONS_STORE} entries as written, one changelog record per commit ({@link BatchJournal}); until issue 20 that store had its own changelog. */
    static final String PERSONS_JOURNAL_STORE = "counts-persons-journal";
    /** The task clock (one entry). */
    static final String CLOCK_STORE = "counts-clock";

    private final CountsConfig config;
    private final CountsMetrics metrics;

    AreaCountsSupplier(CountsConfig config, CountsMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public Processor<String, ScreenedScan, Void, CountsOutput> get() {
        return new AreaCountsProcessor(config, metrics);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        // Each under a WriteBehindStore: the processor rewrites the same keys for every scan, the layers below pay once per
        // commit. That layer does what Streams' record cache would (coalescing writes between commits), so the cache is off:
        // its sorted map cost more than it saved (person keys are many and share long prefixes).
        StoreBuilder<KeyValueStore<Bytes, Tally>> windows = WriteBehindStore.wrap(Stores
                .keyValueStoreBuilder(Stores.persistentKeyValueStore(WINDOWS_STORE), Serdes.Bytes(), new TallySerde())
                .withCachingDisabled());
        StoreBuilder<KeyValueStore<String, Long>> clock = WriteBehindStore.wrap(TaskClock.storeBuilder(CLOCK_STORE));
        return Set.of(windows, personsBuilder(config), BatchJournal.builder(PERSONS_JOURNAL_STORE, Duration.ofDays(1).plus(config.dailyGrace())), clock);
    }

    /**
     * The persons index has no changelog of its own: a person new to a window is one record per scan, so the entries are
     * logged one batch per commit in the journal, and the index is rebuilt from it when it comes back behind. On the heap
     * (the default, {@link CountsConfig#PERSONS_STORE}) it is a {@link HeapPersonsIndex}; in RocksDB a key-value store
     * under a write-behind layer.
     */
    static StoreBuilder<?> personsBuilder(CountsConfig config) {
        if (config.personsStore() == StorePlacement.IN_MEMORY) {
            return HeapPersonsIndex.builder(PERSONS_STORE);
        }
        return WriteBehindStore.wrap(Stores
                .keyValueStoreBuilder(Stores.persistentKeyValueStore(PERSONS_STORE), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled()
                .withLoggingDisabled());
    }

    /** The index a processor's context holds, as {@link #personsBuilder} built it. */
    static PersonsIndex personsIndex(StateStore store) {
        return StorePlacement.index(store, PersonsIndex.class, PersonsIndex.InKeyValueStore::new);
    }
}

package io.gatewatch.streams.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbConfigSetterTest {
    static {
        RocksDB.loadLibrary();
    }

    @Test
    void shouldShareOneWriteBufferManagerAcrossStores() {
        BoundedRocksDbConfigSetter setter = new BoundedRocksDbConfigSetter();
        Map<String, Object> configs = Map.of(BoundedRocksDbConfigSetter.BLOCK_CACHE_BYTES_CONFIG, 32L * 1024 * 1024,
                BoundedRocksDbConfigSetter.WRITE_BUFFER_BYTES_CONFIG, 8L * 1024 * 1024);
        try (Options first = new Options(); Options second = new Options()) {
            first.setTableFormatConfig(new BlockBasedTableConfig());
            setter.setConfig("store-a", first, configs);
            setter.setConfig("store-b", second, configs);

            assertThat(first.writeBufferManager()).isNotNull().isSameAs(second.writeBufferManager());
            BlockBasedTableConfig table = (BlockBasedTableConfig) first.tableFormatConfig();
            assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
        }
    }

    @Test
    void shouldSizeMemtablesSoThatManyStoresFitTheWriteBufferBudget() {
        // Dozens of RocksDB instances (stores x segments x partitions) share one budget: with RocksDB's
        // default arena block (an eighth of a 16 MiB memtable) their idle memtables alone would exceed
        // it and every write would force a flush.
        long budget = 16L * 1024 * 1024;
        try (Options options = new Options()) {
            options.setTableFormatConfig(new BlockBasedTableConfig());
            new BoundedRocksDbConfigSetter().setConfig("store", options, Map.of(
                    BoundedRocksDbConfigSetter.BLOCK_CACHE_BYTES_CONFIG, 64L * 1024 * 1024,
                    BoundedRocksDbConfigSetter.WRITE_BUFFER_BYTES_CONFIG, budget));

            assertThat(options.writeBufferSize()).isEqualTo(budget / 16);
            assertThat(options.arenaBlockSize() * 100).as("idle memtables of 100 instances").isLessThan(budget);
        }
    }

    @Test
    void shouldGiveJournalsMemtablesOfTheirOwnAndKeepTheirBatchesInBlobFiles() {
        // A journal's values are whole batches: in the shared 1 MiB memtables they forced a flush every few batches and
        // compactions rewrote them (RocksDB background CPU 9 -> 91 s per 1M scans, measured in session 8)
        try (Options journal = new Options(); Options index = new Options()) {
            BoundedRocksDbConfigSetter setter = new BoundedRocksDbConfigSetter();
            Map<String, Object> configs = Map.of(BoundedRocksDbConfigSetter.BLOCK_CACHE_BYTES_CONFIG, 64L * 1024 * 1024,
                    BoundedRocksDbConfigSetter.WRITE_BUFFER_BYTES_CONFIG, 16L * 1024 * 1024);
            setter.setConfig("screening-dedupe" + BatchJournal.NAME_SUFFIX, journal, configs);
            setter.setConfig("screening-dedupe-index", index, configs);

            assertThat(journal.writeBufferSize()).isEqualTo(BoundedRocksDbConfigSetter.JOURNAL_MEMTABLE_BYTES);
            assertThat(journal.maxWriteBufferNumber()).isEqualTo(2);
            assertThat(journal.enableBlobFiles()).isTrue();
            assertThat(journal.writeBufferManager()).isNull();
            assertThat(index.enableBlobFiles()).isFalse();
            assertThat(index.writeBufferManager()).isNotNull();
        }
    }

    @Test
    void shouldRefuseWriteBuffersAsLargeAsTheCache() {
        BoundedRocksDbConfigSetter setter = new BoundedRocksDbConfigSetter();
        try (Options options = new Options()) {
            assertThatThrownBy(() -> setter.setConfig("s", options, Map.of(
                    BoundedRocksDbConfigSetter.BLOCK_CACHE_BYTES_CONFIG, "16777216",
                    BoundedRocksDbConfigSetter.WRITE_BUFFER_BYTES_CONFIG, "16777216")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(BoundedRocksDbConfigSetter.WRITE_BUFFER_BYTES_CONFIG);
        }
    }
}

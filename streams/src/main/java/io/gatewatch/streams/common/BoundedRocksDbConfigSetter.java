package io.gatewatch.streams.common;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store in the JVM: all stores (and every segment of
 * a windowed store, each its own RocksDB instance) share one LRU block cache of
 * {@value #BLOCK_CACHE_BYTES_CONFIG} bytes, and their memtables are charged to that same cache
 * through one {@link WriteBufferManager} of {@value #WRITE_BUFFER_BYTES_CONFIG} bytes. Index and
 * filter blocks live in the cache too (high priority), so they cannot grow outside the bound.
 * Without this, RocksDB's per-instance defaults multiply with the number of stores, segments and
 * partitions, which on a small machine is how a Streams process runs out of memory.
 *
 * <p>Kafka Streams instantiates this class by name ({@code rocksdb.config.setter}), so the shared
 * cache and buffer manager are static: one pair per distinct sizing per JVM, created on first
 * use and never closed (closing them while another store still uses them would crash the JVM).
 * The bound therefore holds per JVM for every Streams instance configured with the same sizes.
 * The sizes come from the application properties ({@link StreamsSettings} sets them).
 */
public class BoundedRocksDbConfigSetter implements RocksDBConfigSetter {
    public static final String BLOCK_CACHE_BYTES_CONFIG = "rocksdb.block.cache.bytes";
    public static final String WRITE_BUFFER_BYTES_CONFIG = "rocksdb.write.buffer.bytes";
    public static final long DEFAULT_BLOCK_CACHE_BYTES = 64L * 1024 * 1024;
    public static final long DEFAULT_WRITE_BUFFER_BYTES = 16L * 1024 * 1024;
    /**
     * Memory a memtable's arena takes per allocation step. RocksDB's default is an eighth of the
     * memtable size (2 MiB for Kafka Streams' 16 MiB), and every memtable of every store and segment
     * holds at least one such block: with a few dozen RocksDB instances (stores x segments x
     * partitions) that alone exceeds the shared write-buffer budget, so the
     * {@link WriteBufferManager} asks for a flush on every write — endless tiny flushes and
     * compactions on RocksDB's background threads (measured: ~150 µs of background CPU per scan in
     * screening, more than the stream thread itself). Small blocks keep idle memtables cheap.
     */
    static final long ARENA_BLOCK_BYTES = 64L * 1024;
    /** Bounds of one memtable's size: a sixteenth of the write-buffer budget, within these. */
    static final long MIN_MEMTABLE_BYTES = 1024L * 1024;
    static final long MAX_MEMTABLE_BYTES = 8L * 1024 * 1024;
    /**
     * A journal store's memtable ({@link BatchJournal}; two per journal instance, outside the shared
     * write-buffer budget: 8 MiB per journal per task at most, in addition to the budget).
     */
    static final long JOURNAL_MEMTABLE_BYTES = 4L * 1024 * 1024;
    /** Journal values at least this large go to blob files (a batch of more than a few dozen entries). */
    static final long JOURNAL_MIN_BLOB_BYTES = 4096;
    /** Share of the cache reserved for index and filter blocks. */
    private static final double HIGH_PRIORITY_POOL_RATIO = 0.1;

    private static final Map<Sizing, Shared> SHARED = new ConcurrentHashMap<>();

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared shared = SHARED.computeIfAbsent(Sizing.from(configs), Shared::new);
        // Kafka Streams hands over its own block-based table config; keep its other settings.
        BlockBasedTableConfig table = options.tableFormatConfig() instanceof BlockBasedTableConfig existing
                ? existing : new BlockBasedTableConfig();
        table.setBlockCache(shared.cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setArenaBlockSize(ARENA_BLOCK_BYTES);
        if (storeName.endsWith(BatchJournal.NAME_SUFFIX)) {
            // A journal's values are whole batches, written once and deleted once. In the shared budget's small
            // memtables they forced a flush every few batches, and compactions rewrote them (session 8: RocksDB
            // background CPU 9 -> 91 s per 1M scans, throughput halved). Journals get two memtables of their own,
            // outside the shared budget, and keep batches in blob files, so compactions move keys and references only.
            options.setWriteBufferSize(JOURNAL_MEMTABLE_BYTES);
            options.setMaxWriteBufferNumber(2);
            options.setEnableBlobFiles(true);
            options.setMinBlobSize(JOURNAL_MIN_BLOB_BYTES);
            options.setEnableBlobGarbageCollection(true);
            return;
        }
        options.setWriteBufferManager(shared.writeBufferManager);
        options.setWriteBufferSize(memtableBytes(shared.sizing));
    }

    /** One memtable's size: several stores' memtables fit in the budget before it forces flushes. */
    static long memtableBytes(Sizing sizing) {
        return Math.max(MIN_MEMTABLE_BYTES, Math.min(MAX_MEMTABLE_BYTES, sizing.writeBufferBytes() / 16));
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store: never closed here.
    }

    /** The sizing the configuration asks for; validated. */
    record Sizing(long blockCacheBytes, long writeBufferBytes) {
        static Sizing from(Map<String, ?> configs) {
            long cache = bytes(configs, BLOCK_CACHE_BYTES_CONFIG, DEFAULT_BLOCK_CACHE_BYTES);
            long writeBuffers = bytes(configs, WRITE_BUFFER_BYTES_CONFIG, DEFAULT_WRITE_BUFFER_BYTES);
            if (writeBuffers >= cache) {
                throw new ConfigException(WRITE_BUFFER_BYTES_CONFIG, writeBuffers,
                        "must be smaller than " + BLOCK_CACHE_BYTES_CONFIG + " (" + cache + "): memtables are charged to the block cache");
            }
            return new Sizing(cache, writeBuffers);
        }

        private static long bytes(Map<String, ?> configs, String key, long fallback) {
            Object value = configs.get(key);
            if (value == null) {
                return fallback;
            }
            long bytes;
            try {
                bytes = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(key, value, "must be a number of bytes");
            }
            if (bytes < 1024 * 1024) {
                throw new ConfigException(key, value, "must be at least 1 MiB");
            }
            return bytes;
        }
    }

    /** One cache and one write buffer manager charging to it. */
    static final class Shared {
        final Sizing sizing;
        final Cache cache;
        final WriteBufferManager writeBufferManager;

        Shared(Sizing sizing) {
            this.sizing = sizing;
            cache = new LRUCache(sizing.blockCacheBytes(), -1, false, HIGH_PRIORITY_POOL_RATIO);
            writeBufferManager = new WriteBufferManager(sizing.writeBufferBytes(), cache);
        }
    }
}

package io.gatewatch.streams.common;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * A changelogged journal of small entries written as one record per batch instead of one per
 * entry: for state that is a large set of once-written facts (the event ids de-duplication has
 * seen), where a record per fact made the changelog one of the biggest writers of the pipeline.
 * Its owner keeps its lookup index in an unlogged store and rebuilds it from the journal when the
 * index comes back empty or behind (after a crash under exactly-once Kafka Streams wipes the task's
 * whole state directory and restores only the logged stores).
 *
 * <p>Entries are appended to an open batch in memory; the batch is written to the store below
 * (persistent, changelogged, uncached) as one record keyed by its sequence number when Kafka
 * Streams flushes the store before a commit ({@link PreCommitLayer}), or earlier when it reaches
 * {@link #MAX_BATCH_BYTES}. Under exactly-once the batch therefore commits in the transaction that
 * commits the input offsets of the records that made its entries; a task that fails before that
 * drops the open batch.
 *
 * <p>A batch is {@code [format 1][max event time: 8 bytes][entry length: 4 bytes][entry]...}; the
 * owner decides what an entry holds. Batches whose newest entry is older than the owner's retention
 * are deleted by {@link #expireBefore} (tombstones, so the changelog compacts them away).
 */
public final class BatchJournal extends PreCommitLayer<KeyValueStore<Long, byte[]>, Long, byte[]> {
    /** A batch is written early once it holds this much, to keep changelog records well below the broker's size limit. */
    public static final int MAX_BATCH_BYTES = 256 * 1024;
    /** Every journal's store name ends so: {@link BoundedRocksDbConfigSetter} gives journals their RocksDB settings by it. */
    public static final String NAME_SUFFIX = "-journal";
    private static final byte FORMAT = 1;
    private static final int HEADER = 1 + Long.BYTES;
    private static final long UNKNOWN = -2;
    /** Kafka Streams' default {@code windowstore.changelog.additional.retention.ms}. */
    static final Duration CHANGELOG_EXTRA_RETENTION = Duration.ofDays(1);

    private final int maxBatchBytes;
    private byte[] open = new byte[4096];
    private int openLength;
    private long openMaxEventTime;
    private long lastSeq = UNKNOWN;
    /** Every batch up to this one has been deleted by {@link #expireBefore}. */
    private long expiredThrough = -1;

    BatchJournal(KeyValueStore<Long, byte[]> inner, int maxBatchBytes) {
        super(inner);
        this.maxBatchBytes = maxBatchBytes;
    }

    /**
     * A journal named {@code name} (ending with {@link #NAME_SUFFIX}) whose entries matter for
     * {@code keep}: a persistent key-value store without the record cache (its RocksDB settings:
     * {@link BoundedRocksDbConfigSetter}), with a changelog that is compacted (the tombstones of expired batches)
     * and also deletes by time, {@code keep} plus a day after a batch was written (as Kafka Streams does
     * for window stores' changelogs), so the broker never holds entries much longer than the store.
     */
    public static StoreBuilder<BatchJournal> builder(String name, Duration keep) {
        return builder(name, keep, MAX_BATCH_BYTES);
    }

    static StoreBuilder<BatchJournal> builder(String name, Duration keep, int maxBatchBytes) {
        if (!name.endsWith(NAME_SUFFIX)) {
            throw new IllegalArgumentException("A journal's store name must end with " + NAME_SUFFIX + ": " + name);
        }
        Map<String, String> changelog = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, String.valueOf(keep.plus(CHANGELOG_EXTRA_RETENTION).toMillis()));
        return new LayeredStoreBuilder<>(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Long(),
                Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(changelog),
                inner -> new BatchJournal(inner, maxBatchBytes));
    }

    /**
     * Appends {@code entry} (made at {@code eventTime}) to the open batch and returns the sequence
     * number that batch will be written under.
     */
    public long append(byte[] entry, long eventTime) {
        if (openLength > HEADER && openLength + Integer.BYTES + entry.length > maxBatchBytes) {
            writeDown();
        }
        if (openLength == 0) {
            openLength = HEADER;
            openMaxEventTime = Long.MIN_VALUE;
        }
        ensureRoom(Integer.BYTES + entry.length);
        ByteBuffer.wrap(open, openLength, Integer.BYTES).putInt(entry.length);
        System.arraycopy(entry, 0, open, openLength + Integer.BYTES, entry.length);
        openLength += Integer.BYTES + entry.length;
        openMaxEventTime = Math.max(openMaxEventTime, eventTime);
        return lastSeq() + 1;
    }

    /** The sequence number of the newest batch written, or -1 when there is none. */
    public long lastSeq() {
        if (lastSeq == UNKNOWN) {
            try (KeyValueIterator<Long, byte[]> newest = wrapped().reverseAll()) {
                lastSeq = newest.hasNext() ? newest.next().key : -1;
            }
        }
        return lastSeq;
    }

    /** Hands every entry of the written batches after {@code afterSeq}, with its batch's sequence number, to {@code entries}, oldest batch first. */
    public void replayAfter(long afterSeq, BiConsumer<Long, ByteBuffer> entries) {
        if (afterSeq >= lastSeq()) {
            return;
        }
        try (KeyValueIterator<Long, byte[]> batches = wrapped().range(Math.max(0, afterSeq + 1), Long.MAX_VALUE)) {
            while (batches.hasNext()) {
                KeyValue<Long, byte[]> batch = batches.next();
                forEachEntry(batch.value, entry -> entries.accept(batch.key, entry));
            }
        }
    }

    /** Numbers the next batches after {@code seq} (never lower than after the newest written batch). */
    public void continueAfter(long seq) {
        lastSeq = Math.max(lastSeq(), seq);
    }

    /**
     * Deletes the written batches, oldest first, whose newest entry is older than {@code eventTime};
     * stops at the first younger one. Each call starts after the last batch it deleted (a seek, not a
     * pass over the tombstones of earlier deletions) and reads one batch it keeps.
     */
    public int expireBefore(long eventTime) {
        int deleted = 0;
        try (KeyValueIterator<Long, byte[]> batches = wrapped().range(expiredThrough + 1, Long.MAX_VALUE)) {
            while (batches.hasNext()) {
                KeyValue<Long, byte[]> batch = batches.next();
                if (maxEventTime(batch.value) >= eventTime) {
                    break;
                }
                wrapped().delete(batch.key);
                expiredThrough = batch.key;
                deleted++;
            }
        }
        return deleted;
    }

    /** How many written batches the journal keeps (one pass over the store). */
    public int batchesKept() {
        int kept = 0;
        try (KeyValueIterator<Long, byte[]> batches = wrapped().all()) {
            while (batches.hasNext()) {
                batches.next();
                kept++;
            }
        }
        return kept;
    }

    static void forEachEntry(byte[] batch, Consumer<ByteBuffer> entries) {
        if (batch.length < HEADER || batch[0] != FORMAT) {
            throw new IllegalStateException("Not a journal batch of format " + FORMAT);
        }
        ByteBuffer buffer = ByteBuffer.wrap(batch, HEADER, batch.length - HEADER);
        while (buffer.hasRemaining()) {
            int length = buffer.getInt();
            entries.accept(buffer.slice(buffer.position(), length));
            buffer.position(buffer.position() + length);
        }
    }

    static long maxEventTime(byte[] batch) {
        return ByteBuffer.wrap(batch, 1, Long.BYTES).getLong();
    }

    private void ensureRoom(int more) {
        if (openLength + more > open.length) {
            open = Arrays.copyOf(open, Math.max(open.length * 2, openLength + more));
        }
    }

    /** Writes the open batch, if it holds anything, to the store below under the next sequence number. */
    @Override
    void writeDown() {
        if (openLength <= HEADER) {
            return;
        }
        open[0] = FORMAT;
        ByteBuffer.wrap(open, 1, Long.BYTES).putLong(openMaxEventTime);
        long seq = lastSeq() + 1;
        wrapped().put(seq, Arrays.copyOf(open, openLength));
        lastSeq = seq;
        dropOpen();
    }

    private void dropOpen() {
        openLength = 0;
        if (open.length > maxBatchBytes) {
            open = new byte[4096];
        }
    }

    @Override
    void dropHeld() {
        dropOpen();
        lastSeq = UNKNOWN;
        expiredThrough = -1;
    }
}

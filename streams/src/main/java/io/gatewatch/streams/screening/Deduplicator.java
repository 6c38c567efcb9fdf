package io.gatewatch.streams.screening;

import io.gatewatch.streams.common.BatchJournal;
import io.gatewatch.streams.common.StorePlacement;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Tells the first scan with a given eventId and scan time from every later one: a retry resends
 * the buffered event, so both are identical. An eventId that comes back with a different scan
 * time is a different scan (a device whose sequence-based ids restarted after a reset), not a
 * retry, and goes through.
 *
 * <p>Two stores. The index ({@link ScreeningNames#DEDUPE_INDEX_STORE}, a {@link DedupeIndex}) is
 * segmented by the scan's event time like a window store, so the check is one point lookup in one
 * segment, retention follows event time ({@code screening.dedupe.retention.ms}) and old ids expire
 * segment by segment without a scan of the store. It lives on the heap ({@link HeapDedupeIndex}, the
 * default) or in RocksDB ({@code screening.dedupe.store}). It has no changelog: what survives a
 * failure is the journal ({@link ScreeningNames#DEDUPE_JOURNAL_STORE}, a {@link BatchJournal}), which
 * logs the ids one changelog record per commit instead of one per scan (a record per scan was a fifth
 * of all the records the pipeline wrote). The index marks the newest journal batch whose ids it
 * holds; at start it takes in every newer batch, so an index that comes back empty (always on the
 * heap; in RocksDB after a crash, since exactly-once wipes the task's state and restores only logged
 * stores) or left behind is rebuilt from the journal before the first scan; an index ahead of the
 * journal (ids of a batch whose transaction aborted, kept in RocksDB) does not count those ids as
 * seen.
 *
 * <p>Both are partition-local: scans are keyed by deviceId and a retry comes from the same device,
 * hence the same partition and task (validation refuses records whose key is not their deviceId).
 * The retention adds the future-skew allowance to the de-duplication span, and
 * {@code screening.max.age.ms} may not exceed that span, so every scan that passed validation is
 * still within reach of the index.
 *
 * <p>Under exactly-once the journal batch and the forwarded output commit in one transaction: a
 * failure can neither forward a scan without remembering it nor remember it without forwarding.
 * Only accepted, enriched scans reach this step ({@link ScreeningProcessor}), so an id consumed by
 * a refused scan (e.g. an unknown device, later registered) does not block its retry.
 */
final class Deduplicator {
    /** Old journal batches are looked for once every this many batches. */
    private static final int EXPIRE_EVERY_BATCHES = 64;

    private final DedupeIndex index;
    private final BatchJournal journal;
    private final long retentionMs;
    private long streamTime = Long.MIN_VALUE;
    private long indexedThrough;
    /** Batches the index heard of but the journal never committed: (journal's last at start, index's mark at start]. */
    private long uncommittedAfter = -1;
    private long uncommittedThrough = -1;

    Deduplicator(DedupeIndex index, BatchJournal journal, ScreeningConfig config) {
        this.index = index;
        this.journal = journal;
        this.retentionMs = storeRetentionMs(config);
        this.indexedThrough = catchUp();
    }

    /** The index: (eventId, scan time) -> the journal batch that logs it; not logged. Where: {@code screening.dedupe.store}. */
    static StoreBuilder<?> indexBuilder(ScreeningConfig config) {
        if (config.dedupeStore() == StorePlacement.IN_MEMORY) {
            return HeapDedupeIndex.builder(ScreeningNames.DEDUPE_INDEX_STORE, storeRetentionMs(config));
        }
        return Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(ScreeningNames.DEDUPE_INDEX_STORE, Duration.ofMillis(storeRetentionMs(config)),
                                Duration.ofMillis(1), false),
                        Serdes.String(), Serdes.Long())
                .withCachingDisabled()
                .withLoggingDisabled();
    }

    /** The index a processor's context holds, as {@link #indexBuilder} built it. */
    static DedupeIndex index(StateStore store) {
        return StorePlacement.index(store, DedupeIndex.class, DedupeIndex.InWindowStore::new);
    }

    /** The journal: batches of (event time, eventId), logged. */
    static StoreBuilder<BatchJournal> journalBuilder(ScreeningConfig config) {
        return BatchJournal.builder(ScreeningNames.DEDUPE_JOURNAL_STORE, Duration.ofMillis(storeRetentionMs(config)));
    }

    private static long storeRetentionMs(ScreeningConfig config) {
        return config.dedupeRetentionMs() + config.maxFutureSkewMs();
    }

    /** True (and remembered) the first time this (eventId, scan time) is seen; false for a retry. */
    boolean firstSighting(String eventId, long eventTime) {
        long seenIn = index.batchOf(eventId, eventTime);
        if (seenIn != DedupeIndex.NOT_HELD && !(seenIn > uncommittedAfter && seenIn <= uncommittedThrough)) {
            return false;
        }
        streamTime = Math.max(streamTime, eventTime);
        long batch = journal.append(entry(eventId, eventTime), eventTime);
        index.put(eventId, batch, eventTime);
        if (batch != indexedThrough) {
            indexedThrough = batch;
            index.markHeldThrough(batch, streamTime);
            if (batch % EXPIRE_EVERY_BATCHES == 0) {
                journal.expireBefore(streamTime - retentionMs);
            }
        }
        return true;
    }

    /** Takes the journal batches the index does not hold yet into it; returns the newest batch it then holds. */
    private long catchUp() {
        long through = -1;
        DedupeIndex.HeldThrough mark = index.heldThrough();
        if (mark != null) {
            through = mark.batch();
            streamTime = mark.streamTime();
        }
        long last = journal.lastSeq();
        if (last > through) {
            journal.replayAfter(through, (seq, entry) -> {
                long eventTime = entry.getLong();
                index.put(StandardCharsets.UTF_8.decode(entry).toString(), seq, eventTime);
                streamTime = Math.max(streamTime, eventTime);
            });
            through = last;
            index.markHeldThrough(through, streamTime);
        } else if (through > last) {
            // The index kept ids whose batch never committed (a store that outlived an aborted transaction):
            // they are not seen, and new batches are numbered after them.
            uncommittedAfter = last;
            uncommittedThrough = through;
            journal.continueAfter(through);
        }
        return through;
    }

    private static byte[] entry(String eventId, long eventTime) {
        byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Long.BYTES + id.length).putLong(eventTime).put(id).array();
    }
}

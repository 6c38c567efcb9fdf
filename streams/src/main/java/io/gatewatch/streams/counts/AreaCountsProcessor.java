package io.gatewatch.streams.counts;

import io.gatewatch.streams.common.BatchJournal;
import io.gatewatch.streams.common.WriteBehindStore;
import io.gatewatch.schema.AreaCodes;
import io.gatewatch.schema.AreaLevel;
import io.gatewatch.schema.LateScanHeaders;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.WindowSize;
import io.gatewatch.streams.common.TaskClock;
import io.gatewatch.streams.counts.CountsOutput.Figure;
import io.gatewatch.streams.counts.CountsOutput.LateScan;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts screened scans per checkpoint, village, township and county in hourly and local-day
 * windows, for one county-keyed partition (every area of a county is in the same task, so a scan
 * updates all four levels in one step and every level sees exactly the same scans).
 *
 * <p>Per scan and window size: if the window is closed on the {@link TaskClock} (its end plus grace
 * has passed) the scan goes out as a {@link LateScan} and is not counted in that window; otherwise
 * its four area tallies are updated and marked changed. A scan can be late for its hour but still
 * on time for its day. Every punctuation (wall clock) first closes due windows, emitting each one's
 * final {@link Figure} ({@code isFinal=true}) and deleting its tallies and person tokens, then emits
 * one update ({@code isFinal=false}) per changed open window, if updates are enabled.
 *
 * <p>State: {@link AreaCountsSupplier#WINDOWS_STORE} (tally per window key),
 * {@link AreaCountsSupplier#PERSONS_STORE} ({@link PersonSightings} per window, county and person
 * token, for distinct persons at every level; no changelog: it is logged in
 * {@link AreaCountsSupplier#PERSONS_JOURNAL_STORE}, a {@link BatchJournal}, one record per commit, and
 * rebuilt from it at start when behind; a {@link PersonsIndex}, on the heap or in RocksDB) and
 * {@link AreaCountsSupplier#CLOCK_STORE} (the task clock). Each RocksDB store sits under a
 * {@link WriteBehindStore}, the one cache of this state: a tally is read from RocksDB at most once per
 * commit interval, later reads and writes in that interval hit the write-behind map, and the store
 * writes everything down before each commit (so exactly-once holds). The processor keeps no copy of its own. The set of changed windows is in memory only;
 * after a restart every open window is treated as changed, so current figures are re-emitted once
 * (upserts make that harmless).
 */
final class AreaCountsProcessor implements Processor<String, ScreenedScan, Void, CountsOutput> {
    private static final Logger log = LoggerFactory.getLogger(AreaCountsProcessor.class);
    private static final AreaLevel[] LEVELS = AreaLevel.values();
    private static final BytesSerializer PREFIX_SERIALIZER = new BytesSerializer();

    private final LocalWindows windows;
    private final ZoneId timeZone;
    private final long hourlyGraceMs;
    private final long dailyGraceMs;
    private final long punctuationIntervalMs;
    private final boolean emitUpdates;
    private final CountsMetrics metrics;

    private ProcessorContext<Void, CountsOutput> context;
    private KeyValueStore<Bytes, Tally> tallies;
    private PersonsIndex persons;
    private BatchJournal personsJournal;
    private long personsIndexedThrough;
    private KeyValueStore<String, Long> clockStore;
    private TaskClock clock;
    private long storedClock = TaskClock.UNKNOWN;
    private final Set<Bytes> changed = new LinkedHashSet<>();
    /** Numbers the update emissions: a tally whose {@link Tally#listedFor} is this round has its key in {@link #changed}. */
    private long updateRound;

    AreaCountsProcessor(CountsConfig config, CountsMetrics metrics) {
        this.windows = new LocalWindows(config.timeZone());
        this.timeZone = config.timeZone();
        this.hourlyGraceMs = config.hourlyGrace().toMillis();
        this.dailyGraceMs = config.dailyGrace().toMillis();
        this.punctuationIntervalMs = config.punctuationInterval().toMillis();
        this.emitUpdates = config.emitUpdates();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, CountsOutput> context) {
        this.context = context;
        this.tallies = context.getStateStore(AreaCountsSupplier.WINDOWS_STORE);
        this.persons = AreaCountsSupplier.personsIndex(context.getStateStore(AreaCountsSupplier.PERSONS_STORE));
        this.clockStore = context.getStateStore(AreaCountsSupplier.CLOCK_STORE);
        long restored = TaskClock.restored(clockStore.get(TaskClock.STORE_KEY));
        this.clock = new TaskClock(restored, context.currentSystemTimeMs());
        this.storedClock = restored;
        this.personsJournal = context.getStateStore(AreaCountsSupplier.PERSONS_JOURNAL_STORE);
        // an unknown clock is Long.MIN_VALUE: every journal entry is then taken back
        this.personsIndexedThrough = catchUpPersons(restored);
        // a revived task (e.g. after exactly-once corruption) calls init() again on this instance with wiped state
        changed.clear();
        updateRound++;
        if (emitUpdates) {
            try (KeyValueIterator<Bytes, Tally> stored = tallies.all()) {
                stored.forEachRemaining(entry -> changed.add(entry.key));
            }
        }
        context.schedule(Duration.ofMillis(punctuationIntervalMs), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, ScreenedScan> record) {
        ScreenedScan screened = record.value();
        long eventTime = screened.getScan().getScannedAt().toEpochMilli();
        long now = clock.observe(eventTime, context.currentSystemTimeMs());
        storeClock(now);
        for (WindowSize size : WindowSize.values()) {
            CountWindow window = windows.windowOf(size, eventTime);
            if (window.isClosedAt(now, graceMs(size))) {
                routeLate(record, window);
            } else {
                count(screened, window);
            }
        }
    }

    private void count(ScreenedScan screened, CountWindow window) {
        PersonSightings.Novelty novelty = sight(screened, window);
        for (AreaLevel level : LEVELS) {
            Bytes key = new WindowKey(window.size(), window.start(), level, areaCode(level, screened)).toBytes();
            Tally stored = tallies.get(key);
            Tally tally = stored != null ? stored : new Tally(window.end());
            tally.add(screened, isNew(novelty, level));
            tallies.put(key, tally); // the write-behind store holds it by reference: put again after every change
            if (emitUpdates && tally.listedFor != updateRound) {
                changed.add(key); // a set: a tally read anew from the store while its key is listed is not listed twice
                tally.listedFor = updateRound;
            }
        }
    }

    /** Looks the person up once for all levels; null when the scan has no person token. */
    private PersonSightings.Novelty sight(ScreenedScan screened, CountWindow window) {
        String token = screened.getScan().getPersonToken();
        if (token == null || token.isEmpty()) {
            return null;
        }
        String county = AreaCodes.countyOf(screened.getVillageCode());
        Bytes key = new WindowKey(window.size(), window.start(), AreaLevel.COUNTY, county).personKey(token);
        byte[] stored = persons.get(key);
        PersonSightings sightings = stored == null ? PersonSightings.none() : PersonSightings.fromBytes(stored);
        PersonSightings.Novelty novelty = sightings.see(screened.getVillageCode(), screened.getCheckpointId(), stored == null);
        if (novelty.any()) {
            byte[] value = sightings.toBytes();
            persons.put(key, value);
            logPerson(key, value, window.end() + graceMs(window.size()));
        }
        return novelty;
    }

    /**
     * Logs a person entry in the journal; {@code forgetAt} is when its window closes. The index notes
     * the newest journal batch whose entries it holds.
     */
    private void logPerson(Bytes key, byte[] value, long forgetAt) {
        byte[] entry = ByteBuffer.allocate(Long.BYTES + Integer.BYTES + key.get().length + value.length)
                .putLong(forgetAt).putInt(key.get().length).put(key.get()).put(value).array();
        long batch = personsJournal.append(entry, forgetAt);
        if (batch != personsIndexedThrough) {
            personsIndexedThrough = batch;
            persons.markHeldThrough(batch);
        }
    }

    /**
     * Takes the journal batches the persons index does not hold yet into it (after a crash the index,
     * which has no changelog, comes back empty while the journal is restored), skipping entries of
     * windows already closed at the restored clock; returns the newest batch the index then holds.
     */
    private long catchUpPersons(long clockNow) {
        long through = persons.heldThrough();
        long last = personsJournal.lastSeq();
        if (last > through) {
            personsJournal.replayAfter(through, (seq, entry) -> {
                long forgetAt = entry.getLong();
                byte[] key = new byte[entry.getInt()];
                entry.get(key);
                byte[] value = new byte[entry.remaining()];
                entry.get(value);
                if (forgetAt > clockNow) {
                    persons.put(Bytes.wrap(key), value);
                }
            });
            through = last;
            persons.markHeldThrough(through);
        }
        return through;
    }

    /** Stores the task clock when it moved (it is read back only at start; most scans do not move it). */
    private void storeClock(long now) {
        if (now != storedClock) {
            clockStore.put(TaskClock.STORE_KEY, now);
            storedClock = now;
        }
    }

    private static boolean isNew(PersonSightings.Novelty novelty, AreaLevel level) {
        if (novelty == null) {
            return false;
        }
        return switch (level) {
            case CHECKPOINT -> novelty.checkpoint();
            case VILLAGE -> novelty.village();
            case TOWNSHIP -> novelty.township();
            case COUNTY -> novelty.county();
        };
    }

    static String areaCode(AreaLevel level, ScreenedScan screened) {
        return switch (level) {
            case CHECKPOINT -> screened.getCheckpointId();
            case VILLAGE -> screened.getVillageCode();
            case TOWNSHIP -> AreaCodes.townshipOf(screened.getVillageCode());
            case COUNTY -> AreaCodes.countyOf(screened.getVillageCode());
        };
    }

    private void routeLate(Record<String, ScreenedScan> record, CountWindow window) {
        ScreenedScan screened = record.value();
        ScanEvent scan = screened.getScan();
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        LateScanHeaders.put(headers, LateScanHeaders.REASON, LateScanHeaders.REASON_WINDOW_CLOSED);
        LateScanHeaders.put(headers, LateScanHeaders.WINDOW, CountsMetrics.tagOf(window.size()));
        LateScanHeaders.put(headers, LateScanHeaders.WINDOW_START, Instant.ofEpochMilli(window.start()).toString());
        LateScanHeaders.put(headers, LateScanHeaders.VILLAGE_CODE, screened.getVillageCode());
        LateScanHeaders.put(headers, LateScanHeaders.CHECKPOINT_ID, screened.getCheckpointId());
        context.forward(new Record<>(null, new LateScan(scan.getDeviceId(), scan), record.timestamp(), headers));
        metrics.late(window.size());
        log.debug("Scan {} of village {} missed its closed {} window starting {}", scan.getEventId(),
                screened.getVillageCode(), window.size(), window.start());
    }

    private void punctuate(long wallNow) {
        long now = clock.tick(wallNow);
        if (!clock.isKnown()) {
            return;
        }
        storeClock(now);
        for (WindowSize size : WindowSize.values()) {
            closeWindows(size, now, wallNow);
        }
        if (emitUpdates) {
            for (Bytes bytes : changed) {
                Tally tally = tallies.get(bytes);
                if (tally != null) {
                    emit(WindowKey.fromBytes(bytes), tally, false, wallNow);
                }
            }
            changed.clear();
            updateRound++;
        }
    }

    /** Emits the final figure of every window of this size whose end plus grace has passed, and forgets it. */
    private void closeWindows(WindowSize size, long now, long wallNow) {
        long grace = graceMs(size);
        List<KeyValue<Bytes, Tally>> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, Tally> oldestFirst = tallies.prefixScan(WindowKey.sizePrefix(size), PREFIX_SERIALIZER)) {
            while (oldestFirst.hasNext()) {
                KeyValue<Bytes, Tally> entry = oldestFirst.next();
                if (entry.value.windowEnd + grace > now) {
                    break; // keys are ordered by window start, and so by window end: the rest are open
                }
                due.add(entry);
            }
        }
        Set<Long> closedStarts = new TreeSet<>();
        for (KeyValue<Bytes, Tally> entry : due) {
            WindowKey key = WindowKey.fromBytes(entry.key);
            emit(key, entry.value, true, wallNow);
            tallies.delete(entry.key);
            changed.remove(entry.key);
            closedStarts.add(key.windowStart());
        }
        for (long start : closedStarts) {
            persons.forgetWindow(size, start);
        }
        personsJournal.expireBefore(now);
    }

    private void emit(WindowKey key, Tally tally, boolean isFinal, long wallNow) {
        Figure figure = new Figure(key.toAreaCountKey(), tally.toAreaCount(key, timeZone, isFinal, wallNow));
        context.forward(new Record<>(null, figure, key.windowStart()));
        metrics.emitted(key.size(), isFinal);
    }

    private long graceMs(WindowSize size) {
        return switch (size) {
            case HOUR -> hourlyGraceMs;
            case DAY -> dailyGraceMs;
        };
    }
}

package io.gatewatch.streams.screening;

import io.gatewatch.schema.CheckinSchedule;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ObservationPeriod;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.streams.common.BatchJournal;
import io.gatewatch.streams.common.StorePlacement;
import io.gatewatch.streams.common.TaskClock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a person's sightings meet the watchlist: OBSERVATION_BREACH and MISSED_CHECKIN. Input is
 * keyed by person token, from two co-partitioned sources ({@link io.gatewatch.schema.ObservationPartitioning}):
 * the sightings repartition and {@code gatewatch.observation}. The rules themselves are
 * {@link ObservationPeriod} and {@link CheckinSchedule}; this class only decides when to ask them.
 *
 * <p><b>Breach, in both arrival orders.</b> A gate sighting of a person on the watchlist raises
 * OBSERVATION_BREACH when {@link ObservationPeriod#isBreachedBy} its scan time (HOME only). A
 * watchlist entry that arrives after gate sightings judges the sightings still kept
 * ({@link ScreeningNames#OBSERVATION_SIGHTINGS_STORE}, event time at most
 * {@value ScreeningConfig#OBSERVATION_LOOKBACK_MS} behind the task's stream time); an update of an
 * entry raises only for sightings the previous version did not already breach, so re-importing
 * a file or releasing someone raises nothing twice. A release or a tombstone stops later breaches.
 *
 * <p><b>Check-ins, by absence.</b> A PHONE_APP/STAFF_ENTRY sighting of a watched person fills the
 * slot it falls in ({@link CheckinSchedule#slotOf}); reports kept in the sightings store fill the
 * slots of an entry that arrives after them. A wall-clock punctuation moves a {@link TaskClock}
 * (event time of the records seen, plus wall time while running, persisted in
 * {@link ScreeningNames#OBSERVATION_CLOCK_STORE}) and, for every slot
 * {@link CheckinSchedule#owed} up to {@code clock - grace} and not filled, raises MISSED_CHECKIN
 * once: each person's entry records the last deadline decided, in the same transaction as the
 * alert, so a restart neither repeats nor skips a slot. A report arriving after its slot was decided fills nothing.
 * A person is forgotten once the clock passes the end of their period by the late-arrival span
 * (the oldest scan validation accepts) or the grace, whichever is longer.
 */
final class ObservationProcessor implements Processor<String, PersonInput, String, ScreeningAlert> {
    private static final Logger LOG = LoggerFactory.getLogger(ObservationProcessor.class);

    private final Alerts alerts;
    private final Clock clock;
    private final ZoneId zone;
    private final CheckinSchedule schedule;
    private final long lookbackMs;
    private final long graceMs;
    private final long forgetAfterMs;
    private final long punctuationIntervalMs;
    private ProcessorContext<String, ScreeningAlert> context;
    private KeyValueStore<String, Watch> watchlist;
    /** Sightings as their serialized bytes: written once per sighting, for the lookback and for its journal entry. */
    private SightingsLookback sightings;
    private BatchJournal sightingsJournal;
    private KeyValueStore<String, Long> clockStore;
    private TaskClock taskClock;

    private ObservationProcessor(ScreeningConfig config, Alerts alerts, Clock clock) {
        this.alerts = alerts;
        this.clock = clock;
        this.zone = config.timeZone();
        this.schedule = config.checkinSchedule();
        this.lookbackMs = config.observationLookbackMs();
        this.graceMs = config.checkinGraceMs();
        this.forgetAfterMs = Math.max(config.checkinGraceMs(), config.lateArrivalSpanMs());
        this.punctuationIntervalMs = config.observationPunctuationIntervalMs();
    }

    static ProcessorSupplier<String, PersonInput, String, ScreeningAlert> supplier(ScreeningConfig config, Alerts alerts,
                                                                                   Clock clock) {
        long lookback = config.observationLookbackMs();
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, PersonInput, String, ScreeningAlert> get() {
                return new ObservationProcessor(config, alerts, clock);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(
                        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ScreeningNames.OBSERVATION_WATCHLIST_STORE),
                                Serdes.String(), Watch.SERDE).withCachingDisabled(),
                        lookbackBuilder(config),
                        BatchJournal.builder(ScreeningNames.OBSERVATION_SIGHTINGS_JOURNAL_STORE, Duration.ofMillis(lookback)),
                        TaskClock.storeBuilder(ScreeningNames.OBSERVATION_CLOCK_STORE));
            }
        };
    }

    /** The lookback where {@code screening.observation.sightings.store} puts it; no changelog of its own (a sighting is one record per scan): logged one batch per commit in the journal instead. */
    private static StoreBuilder<?> lookbackBuilder(ScreeningConfig config) {
        long lookback = config.observationLookbackMs();
        if (config.sightingsStore() == StorePlacement.IN_MEMORY) {
            return HeapSightingsLookback.builder(ScreeningNames.OBSERVATION_SIGHTINGS_STORE, lookback);
        }
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(ScreeningNames.OBSERVATION_SIGHTINGS_STORE,
                        Duration.ofMillis(lookback), Duration.ofMillis(1), true),
                Serdes.String(), Serdes.ByteArray()).withCachingDisabled().withLoggingDisabled();
    }

    /** The lookback a processor's context holds, as {@link #lookbackBuilder} built it. */
    static SightingsLookback lookback(StateStore store) {
        return StorePlacement.index(store, SightingsLookback.class, SightingsLookback.InWindowStore::new);
    }

    @Override
    public void init(ProcessorContext<String, ScreeningAlert> context) {
        this.context = context;
        this.watchlist = context.getStateStore(ScreeningNames.OBSERVATION_WATCHLIST_STORE);
        this.sightings = lookback(context.getStateStore(ScreeningNames.OBSERVATION_SIGHTINGS_STORE));
        this.sightingsJournal = context.getStateStore(ScreeningNames.OBSERVATION_SIGHTINGS_JOURNAL_STORE);
        rebuildSightingsIfWiped();
        this.clockStore = context.getStateStore(ScreeningNames.OBSERVATION_CLOCK_STORE);
        this.taskClock = new TaskClock(TaskClock.restored(clockStore.get(TaskClock.STORE_KEY)), context.currentSystemTimeMs());
        context.schedule(Duration.ofMillis(punctuationIntervalMs), PunctuationType.WALL_CLOCK_TIME, this::decideCheckins);
    }

    @Override
    public void process(Record<String, PersonInput> record) {
        String person = record.key();
        PersonInput input = record.value();
        if (person == null || input == null) {
            return;
        }
        if (input.isSighting()) {
            taskClock.observe(input.sighting().scannedAtMs(), context.currentSystemTimeMs());
            seen(person, input.sighting());
        } else {
            taskClock.observe(record.timestamp(), context.currentSystemTimeMs());
            watchlistChanged(person, input.entry(), record.timestamp());
        }
    }

    private void seen(String person, Sighting sighting) {
        Watch watch = watchlist.get(person);
        if (watch != null) {
            Instant time = Instant.ofEpochMilli(sighting.scannedAtMs());
            if (sighting.atGate() && period(watch.entry()).isBreachedBy(time)) {
                breach(person, sighting, watch.entry());
            }
            Watch filled = fill(watch, sighting);
            if (filled != watch) {
                watchlist.put(person, filled);
            }
        }
        // an older sighting could only be dropped by the store as expired (counted in Streams' dropped-records metric)
        if (sighting.scannedAtMs() > context.currentStreamTimeMs() - lookbackMs) {
            byte[] value = Sighting.SERDE.serializer().serialize(null, sighting);
            sightings.put(person, value, sighting.scannedAtMs());
            sightingsJournal.append(journalEntry(person, value), sighting.scannedAtMs());
        }
    }

    private static byte[] journalEntry(String person, byte[] value) {
        byte[] token = person.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + token.length + value.length).putInt(token.length).put(token).put(value).array();
    }

    /**
     * The sightings store has no changelog: when it comes back empty (after a crash exactly-once wipes
     * the task's state and restores only logged stores; a new instance; a standby taking over) while
     * the journal holds sightings, they are put back before the first input. A store that survived
     * holds everything up to the last commit, as the journal does.
     */
    private void rebuildSightingsIfWiped() {
        if (!sightings.isEmpty()) {
            return;
        }
        sightingsJournal.replayAfter(-1, (seq, entry) -> {
            byte[] token = new byte[entry.getInt()];
            entry.get(token);
            byte[] value = new byte[entry.remaining()];
            entry.get(value);
            sightings.put(new String(token, StandardCharsets.UTF_8), value, Sighting.SERDE.deserializer().deserialize(null, value).scannedAtMs());
        });
    }

    /** A new, changed or erased watchlist entry; {@code knownAtMs} is its record's timestamp. */
    private void watchlistChanged(String person, ObservationEntry entry, long knownAtMs) {
        Watch previous = watchlist.get(person);
        if (entry == null) {
            watchlist.delete(person);
            return;
        }
        if (!person.equals(entry.getPersonToken())) {
            LOG.warn("Ignored a watchlist entry whose token differs from its key partition={} offset={}",
                    context.recordMetadata().map(m -> m.partition()).orElse(-1),
                    context.recordMetadata().map(m -> m.offset()).orElse(-1L));
            return;
        }
        ObservationPeriod period = period(entry);
        ObservationPeriod before = previous == null ? null : period(previous.entry());
        Watch watch = previous == null ? Watch.known(entry, knownAtMs) : previous.withEntry(entry);
        long from = Math.max(period.start().toEpochMilli(), context.currentStreamTimeMs() - lookbackMs);
        long to = period.end().toEpochMilli() - 1;
        if (from <= to) {
            List<Sighting> kept = new ArrayList<>();
            sightings.forEach(person, Math.max(0, from), to, (scannedAtMs, value) -> kept.add(Sighting.SERDE.deserializer().deserialize(null, value)));
            for (Sighting sighting : kept) {
                Instant time = Instant.ofEpochMilli(sighting.scannedAtMs());
                if (sighting.atGate() && period.isBreachedBy(time) && (before == null || !before.isBreachedBy(time))) {
                    breach(person, sighting, entry);
                }
                watch = fill(watch, sighting);
            }
        }
        watchlist.put(person, watch);
    }

    /** {@code watch} with the slot {@code sighting} reports for filled, or {@code watch} itself when it fills none. */
    private Watch fill(Watch watch, Sighting sighting) {
        if (!sighting.isReport()) {
            return watch;
        }
        Optional<CheckinSchedule.Slot> slot = schedule.slotOf(Instant.ofEpochMilli(sighting.scannedAtMs()));
        if (slot.isEmpty()) {
            return watch;
        }
        long due = slot.get().due().toEpochMilli();
        return due <= watch.decidedUpToMs() || watch.filledDues().contains(due) ? watch : watch.filled(due);
    }

    private void breach(String person, Sighting gate, ObservationEntry entry) {
        ScreeningAlert alert = alerts.observationBreach(person, gate, entry, clock.millis());
        context.forward(new Record<>(alert.getVillageCode(), alert, gate.scannedAtMs()));
    }

    /**
     * Raises MISSED_CHECKIN for every owed, unfilled slot whose deadline plus grace the task clock
     * has passed, records the decision, and forgets people whose observation ended long enough ago.
     */
    private void decideCheckins(long wallNow) {
        sightingsJournal.expireBefore(context.currentStreamTimeMs() - lookbackMs);
        long now = taskClock.tick(wallNow);
        if (!taskClock.isKnown()) {
            return;
        }
        clockStore.put(TaskClock.STORE_KEY, now);
        Instant upTo = Instant.ofEpochMilli(now - graceMs);
        List<KeyValue<String, Watch>> changed = new ArrayList<>();
        List<String> forgotten = new ArrayList<>();
        try (KeyValueIterator<String, Watch> all = watchlist.all()) {
            while (all.hasNext()) {
                KeyValue<String, Watch> next = all.next();
                Watch watch = next.value;
                ObservationPeriod period = period(watch.entry());
                List<CheckinSchedule.Slot> owed = schedule.owed(period, Instant.ofEpochMilli(watch.knownSinceMs()),
                        Instant.ofEpochMilli(watch.decidedUpToMs()), upTo);
                if (!owed.isEmpty()) {
                    long detectedAt = clock.millis();
                    for (CheckinSchedule.Slot slot : owed) {
                        if (!watch.filledDues().contains(slot.due().toEpochMilli())) {
                            ScreeningAlert alert = alerts.missedCheckin(watch.entry(), slot, detectedAt);
                            context.forward(new Record<>(alert.getVillageCode(), alert, slot.due().toEpochMilli()));
                        }
                    }
                    changed.add(KeyValue.pair(next.key, watch.decidedUpTo(owed.get(owed.size() - 1).due().toEpochMilli())));
                }
                if (now >= period.end().toEpochMilli() + forgetAfterMs) {
                    forgotten.add(next.key);
                }
            }
        }
        watchlist.putAll(changed);
        forgotten.forEach(watchlist::delete);
    }

    private ObservationPeriod period(ObservationEntry entry) {
        return ObservationPeriod.of(entry, zone);
    }
}

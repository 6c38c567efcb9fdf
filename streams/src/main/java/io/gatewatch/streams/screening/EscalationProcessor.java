package io.gatewatch.streams.screening;

import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreeningAlert;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * MULTI_CHECKPOINT: a flagged scan (fever or non-green code) escalates when the same person was
 * also flagged at a <em>different</em> checkpoint at most {@code screening.escalation.window.ms}
 * earlier (inclusive) — its window is {@code [t - window, t]}. Every such flagged scan raises one
 * alert, id {@code <personToken>/MULTI_CHECKPOINT/<t - window>}, listing every checkpoint the
 * person was flagged at in that window.
 *
 * <p>Input is keyed by person token (repartitioned, {@link ScreeningNames#FLAGS_BY_PERSON}), so
 * all of a person's flags meet in one task, whichever gates they came from. Flags from different
 * gates arrive in no particular order (offline gates upload hours late), so the rule is applied
 * both ways: a new flag is judged against the flags before it, and every stored flag within the
 * window after it that had no other checkpoint before it until now escalates too. The set of
 * alerts is therefore the same whatever the arrival order (the related checkpoints listed are
 * those known when the alert is raised). A re-delivered flag (same eventId) is ignored.
 *
 * <p>The store ({@link ScreeningNames#ESCALATION_STORE}) keeps every flag at its event time for
 * the window plus the late-arrival span, so a flag arriving as late as validation allows still
 * finds its neighbours. Each stored value leads with the flag's checkpoint and eventId ahead of
 * the Avro-encoded scan ({@link StoredFlag}), so judging a person's flags reads two short strings
 * per flag and decodes a full scan only for one that escalates; the judgement is one pass over
 * the person's flags in time order. A person flagged unusually often (a shared or stuck token)
 * therefore costs linear, not quadratic, work per flag.
 */
final class EscalationProcessor implements Processor<String, ScreenedScan, String, ScreeningAlert> {
    private final long windowMs;
    private final Alerts alerts;
    private final Serde<ScreenedScan> screenedSerde;
    private final Clock clock;
    private ProcessorContext<String, ScreeningAlert> context;
    private WindowStore<String, byte[]> flags;

    private EscalationProcessor(long windowMs, Alerts alerts, Serde<ScreenedScan> screenedSerde, Clock clock) {
        this.windowMs = windowMs;
        this.alerts = alerts;
        this.screenedSerde = screenedSerde;
        this.clock = clock;
    }

    static ProcessorSupplier<String, ScreenedScan, String, ScreeningAlert> supplier(ScreeningConfig config, Alerts alerts,
                                                                                    Serde<ScreenedScan> screenedSerde,
                                                                                    Clock clock) {
        long window = config.escalationWindowMs();
        long retention = config.lateArrivalSpanMs() + window;
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ScreenedScan, String, ScreeningAlert> get() {
                return new EscalationProcessor(window, alerts, screenedSerde, clock);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.windowStoreBuilder(
                                Stores.persistentWindowStore(ScreeningNames.ESCALATION_STORE, Duration.ofMillis(retention),
                                        Duration.ofMillis(window), true),
                                Serdes.String(), Serdes.ByteArray())
                        .withCachingDisabled());
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, ScreeningAlert> context) {
        this.context = context;
        this.flags = context.getStateStore(ScreeningNames.ESCALATION_STORE);
    }

    @Override
    public void process(Record<String, ScreenedScan> record) {
        String person = record.key();
        ScreenedScan scan = record.value();
        long time = scan.getScan().getScannedAt().toEpochMilli();
        String checkpoint = scan.getCheckpointId();
        String eventId = scan.getScan().getEventId();
        List<StoredFlag> nearby = fetch(person, time - windowMs, time + windowMs);
        for (StoredFlag stored : nearby) {
            if (stored.eventId.equals(eventId)) {
                return;
            }
        }
        byte[] encoded = StoredFlag.encode(checkpoint, eventId, screenedSerde.serializer().serialize(ScreeningNames.ESCALATION_STORE, scan));
        StoredFlag arriving = StoredFlag.decode(time, encoded);
        long now = clock.millis();

        if (hasOtherCheckpoint(nearby, time - windowMs, time, checkpoint)) {
            emit(arriving, scan, nearby, arriving, now);
        }
        for (StoredFlag later : laterFlagsEscalatedOnlyBy(nearby, arriving)) {
            emit(later, screenedSerde.deserializer().deserialize(ScreeningNames.ESCALATION_STORE, later.scanBytes()),
                    nearby, arriving, now);
        }
        flags.put(person, encoded, time);
    }

    /** Whether any flag in {@code candidates} with a time in {@code [from, to]} is at a checkpoint other than {@code checkpoint}. */
    private static boolean hasOtherCheckpoint(List<StoredFlag> candidates, long from, long to, String checkpoint) {
        for (StoredFlag candidate : candidates) {
            if (candidate.time >= from && candidate.time <= to && !candidate.checkpoint.equals(checkpoint)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The stored flags in {@code [arriving, arriving + window]} at another checkpoint than the
     * arriving one that had no other checkpoint in their own window until now: one pass over the
     * flags in time order, keeping per-checkpoint counts of the sliding window {@code [t - window, t]}.
     */
    private List<StoredFlag> laterFlagsEscalatedOnlyBy(List<StoredFlag> nearby, StoredFlag arriving) {
        List<StoredFlag> escalated = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        int size = 0;
        int lo = 0;
        int hi = 0;
        for (StoredFlag subject : nearby) {
            if (subject.time < arriving.time || subject.time > arriving.time + windowMs) {
                continue;
            }
            while (hi < nearby.size() && nearby.get(hi).time <= subject.time) {
                counts.merge(nearby.get(hi++).checkpoint, 1, Integer::sum);
                size++;
            }
            while (nearby.get(lo).time < subject.time - windowMs) {
                counts.merge(nearby.get(lo++).checkpoint, -1, Integer::sum);
                size--;
            }
            boolean hadOther = size - counts.getOrDefault(subject.checkpoint, 0) > 0;
            if (!hadOther && !subject.checkpoint.equals(arriving.checkpoint)) {
                escalated.add(subject);
            }
        }
        return escalated;
    }

    /**
     * Raises the escalation of {@code subject}: its own checkpoint, those of the stored flags in its
     * window, and the arriving flag's (in the window by construction: it is the subject, or it lies
     * at most one window before a later subject).
     */
    private void emit(StoredFlag subject, ScreenedScan subjectScan, List<StoredFlag> nearby, StoredFlag arriving, long now) {
        long from = subject.time - windowMs;
        Set<String> checkpoints = new TreeSet<>();
        checkpoints.add(subject.checkpoint);
        checkpoints.add(arriving.checkpoint);
        for (StoredFlag candidate : nearby) {
            if (candidate.time >= from && candidate.time <= subject.time) {
                checkpoints.add(candidate.checkpoint);
            }
        }
        ScreeningAlert alert = alerts.escalation(subjectScan, new ArrayList<>(checkpoints), from, now);
        context.forward(new Record<>(subjectScan.getVillageCode(), alert, subject.time));
    }

    /** A person's flags near a time, in time order (the order a single-key window fetch returns). */
    private List<StoredFlag> fetch(String person, long from, long to) {
        List<StoredFlag> found = new ArrayList<>();
        try (WindowStoreIterator<byte[]> iterator = flags.fetch(person, Math.max(0, from), to)) {
            while (iterator.hasNext()) {
                KeyValue<Long, byte[]> next = iterator.next();
                found.add(StoredFlag.decode(next.key, next.value));
            }
        }
        return found;
    }

    /**
     * The escalation store's value: a version byte, the checkpoint and eventId (length-prefixed
     * UTF-8), then the flagged scan in the screened-scan serde's encoding. Internal format, read
     * only by this processor and its changelog restore.
     */
    static final class StoredFlag {
        private static final byte VERSION = 1;
        final long time;
        final String checkpoint;
        final String eventId;
        private final byte[] encoded;
        private final int scanOffset;

        private StoredFlag(long time, String checkpoint, String eventId, byte[] encoded, int scanOffset) {
            this.time = time;
            this.checkpoint = checkpoint;
            this.eventId = eventId;
            this.encoded = encoded;
            this.scanOffset = scanOffset;
        }

        static byte[] encode(String checkpoint, String eventId, byte[] scan) {
            byte[] cp = checkpoint.getBytes(StandardCharsets.UTF_8);
            byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(1 + 4 + cp.length + 4 + id.length + scan.length)
                    .put(VERSION).putInt(cp.length).put(cp).putInt(id.length).put(id).put(scan).array();
        }

        static StoredFlag decode(long time, byte[] encoded) {
            ByteBuffer buffer = ByteBuffer.wrap(encoded);
            if (encoded.length < 9 || buffer.get() != VERSION) {
                throw new SerializationException("Unknown escalation flag encoding in " + ScreeningNames.ESCALATION_STORE);
            }
            String checkpoint = string(buffer);
            String eventId = string(buffer);
            return new StoredFlag(time, checkpoint, eventId, encoded, buffer.position());
        }

        byte[] scanBytes() {
            return Arrays.copyOfRange(encoded, scanOffset, encoded.length);
        }

        private static String string(ByteBuffer buffer) {
            int length = buffer.getInt();
            String value = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + length);
            return value;
        }
    }
}

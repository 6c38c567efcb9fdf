package io.gatewatch.streams.screening;

import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreeningAlert;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
 * finds its neighbours.
 */
final class EscalationProcessor implements Processor<String, ScreenedScan, String, ScreeningAlert> {
    private final long windowMs;
    private final Alerts alerts;
    private final Clock clock;
    private ProcessorContext<String, ScreeningAlert> context;
    private WindowStore<String, ScreenedScan> flags;

    private EscalationProcessor(long windowMs, Alerts alerts, Clock clock) {
        this.windowMs = windowMs;
        this.alerts = alerts;
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
                return new EscalationProcessor(window, alerts, clock);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.windowStoreBuilder(
                                Stores.persistentWindowStore(ScreeningNames.ESCALATION_STORE, Duration.ofMillis(retention),
                                        Duration.ofMillis(window), true),
                                Serdes.String(), screenedSerde)
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
        ScreenedScan flag = record.value();
        long time = eventTime(flag);
        List<Flag> nearby = fetch(person, time - windowMs, time + windowMs);
        String eventId = flag.getScan().getEventId();
        if (nearby.stream().anyMatch(f -> f.scan.getScan().getEventId().equals(eventId))) {
            return;
        }
        Flag arriving = new Flag(time, flag);
        long now = clock.millis();
        if (otherCheckpointBefore(arriving, nearby, null)) {
            emit(arriving, nearby, arriving, now);
        }
        for (Flag later : nearby) {
            if (later.time >= time && later.time <= time + windowMs
                    && !later.checkpoint().equals(arriving.checkpoint())
                    && !otherCheckpointBefore(later, nearby, later)) {
                emit(later, nearby, arriving, now);
            }
        }
        flags.put(person, flag, time);
    }

    /** Whether a flag other than {@code self} at another checkpoint lies in {@code [subject - window, subject]}. */
    private boolean otherCheckpointBefore(Flag subject, List<Flag> candidates, Flag self) {
        for (Flag candidate : candidates) {
            if (candidate != self && inWindowOf(subject, candidate) && !candidate.checkpoint().equals(subject.checkpoint())) {
                return true;
            }
        }
        return false;
    }

    private boolean inWindowOf(Flag subject, Flag candidate) {
        return candidate.time >= subject.time - windowMs && candidate.time <= subject.time;
    }

    private void emit(Flag subject, List<Flag> nearby, Flag arriving, long now) {
        Set<String> checkpoints = new TreeSet<>();
        checkpoints.add(subject.checkpoint());
        if (inWindowOf(subject, arriving)) {
            checkpoints.add(arriving.checkpoint());
        }
        for (Flag candidate : nearby) {
            if (inWindowOf(subject, candidate)) {
                checkpoints.add(candidate.checkpoint());
            }
        }
        ScreeningAlert alert = alerts.escalation(subject.scan, new ArrayList<>(checkpoints), subject.time - windowMs, now);
        context.forward(new Record<>(subject.scan.getVillageCode(), alert, subject.time));
    }

    private List<Flag> fetch(String person, long from, long to) {
        List<Flag> found = new ArrayList<>();
        try (WindowStoreIterator<ScreenedScan> iterator = flags.fetch(person, Math.max(0, from), to)) {
            while (iterator.hasNext()) {
                KeyValue<Long, ScreenedScan> next = iterator.next();
                found.add(new Flag(next.key, next.value));
            }
        }
        return found;
    }

    private static long eventTime(ScreenedScan scan) {
        return scan.getScan().getScannedAt().toEpochMilli();
    }

    /** A stored flag at its event time. Compared by identity: two flags may share a time. */
    private static final class Flag {
        final long time;
        final ScreenedScan scan;

        Flag(long time, ScreenedScan scan) {
            this.time = time;
            this.scan = scan;
        }

        String checkpoint() {
            return scan.getCheckpointId();
        }
    }
}

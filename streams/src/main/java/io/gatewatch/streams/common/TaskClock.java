package io.gatewatch.streams.common;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The event-time clock a task decides absences by: counts close their windows by it, screening
 * decides missed check-ins by it.
 *
 * <p>It moves forward two ways: to the event time of each scan it sees (like Kafka's stream time),
 * and with the wall clock for as long as the task runs (so a partition that goes quiet at night
 * still closes its windows on schedule). Formally, at every observation:
 * {@code clock = max(clock + wallElapsedSinceLastObservation, min(eventTime, wallNow))}.
 *
 * <ul>
 *   <li>Live traffic keeps it at about "now", so a scan is late when it arrives more than the grace
 *       after its window ended, measured in real time.
 *   <li>Replaying a backlog faster than real time keeps it at the backlog's event time, so a replay
 *       does not turn the backlog into late data; downtime of the task itself does not advance it
 *       (the value is persisted, and wall time only counts between observations of a running task).
 *   <li>An event time in the future (a device clock set wrong) moves it no further than the wall
 *       clock, so one bad device cannot close everybody's windows.
 * </ul>
 * Never moves backwards; wall-clock steps backwards are ignored. Not thread-safe (one per task).
 */
public final class TaskClock {
    public static final long UNKNOWN = Long.MIN_VALUE;
    /** The one key of a task's clock store ({@link #storeBuilder}); stored data: never rename. */
    public static final String STORE_KEY = "clock";

    private long clock;
    private long lastWall;

    /** @param restored the persisted clock, or {@link #UNKNOWN} for a task that never saw a scan */
    public TaskClock(long restored, long wallNow) {
        this.clock = restored;
        this.lastWall = wallNow;
    }

    /** Moves the clock with the wall time elapsed since the last observation; returns it. */
    public long tick(long wallNow) {
        if (wallNow > lastWall) {
            if (clock != UNKNOWN) {
                clock += wallNow - lastWall;
            }
            lastWall = wallNow;
        }
        return clock;
    }

    /** Ticks, then moves the clock to the event time if that is later (capped at the wall clock); returns it. */
    public long observe(long eventTime, long wallNow) {
        tick(wallNow);
        long bounded = Math.min(eventTime, Math.max(wallNow, lastWall));
        if (clock == UNKNOWN || bounded > clock) {
            clock = bounded;
        }
        return clock;
    }

    /** A task's clock store: persistent and changelogged, one entry ({@link #STORE_KEY}), no record cache. */
    public static StoreBuilder<KeyValueStore<String, Long>> storeBuilder(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.Long())
                .withCachingDisabled();
    }

    /** The clock as a task's store kept it: {@code persisted}, or {@link #UNKNOWN} when none was stored. */
    public static long restored(Long persisted) {
        return persisted == null ? UNKNOWN : persisted;
    }

    public long now() {
        return clock;
    }

    public boolean isKnown() {
        return clock != UNKNOWN;
    }
}

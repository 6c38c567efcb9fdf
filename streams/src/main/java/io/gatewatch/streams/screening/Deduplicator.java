package io.gatewatch.streams.screening;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Tells the first scan with a given eventId and scan time from every later one: a retry resends
 * the buffered event, so both are identical. An eventId that comes back with a different scan
 * time is a different scan (a device whose sequence-based ids restarted after a reset), not a
 * retry, and goes through.
 *
 * <p>The store ({@link ScreeningNames#DEDUPE_STORE}) is a window store keyed by eventId at the
 * scan's event time, so the check is one point lookup in one segment, retention follows event
 * time ({@code screening.dedupe.retention.ms}) and old ids expire segment by segment without a
 * scan of the store. It is partition-local: scans are keyed by deviceId and a retry
 * comes from the same device, hence the same partition and task (validation refuses records
 * whose key is not their deviceId). Its retention adds the future-skew allowance to the
 * de-duplication span, and {@code screening.max.age.ms} may not exceed that span, so every scan
 * that passed validation is still within reach of the store.
 *
 * <p>Under exactly-once the store's changelog and the forwarded output commit in one transaction:
 * a failure can neither forward a scan without remembering it nor remember it without
 * forwarding. Only accepted, enriched scans reach this step ({@link ScreeningProcessor}), so an
 * id consumed by a refused scan (e.g. an unknown device, later registered) does not block its retry.
 */
final class Deduplicator {
    private final WindowStore<String, Long> seen;

    Deduplicator(WindowStore<String, Long> seen) {
        this.seen = seen;
    }

    /** The store: eventId -> first-seen wall-clock time, at the scan's event time. */
    static StoreBuilder<WindowStore<String, Long>> storeBuilder(ScreeningConfig config) {
        long storeRetention = config.dedupeRetentionMs() + config.maxFutureSkewMs();
        return Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(ScreeningNames.DEDUPE_STORE, Duration.ofMillis(storeRetention),
                                Duration.ofMillis(1), false),
                        Serdes.String(), Serdes.Long())
                .withCachingDisabled();
    }

    /** True (and remembered) the first time this (eventId, scan time) is seen; false for a retry. */
    boolean firstSighting(String eventId, long eventTime, long nowMs) {
        if (seen.fetch(eventId, eventTime) != null) {
            return false;
        }
        seen.put(eventId, nowMs, eventTime);
        return true;
    }
}

package io.gatewatch.streams.screening;

import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.TemperatureStatus;
import io.gatewatch.streams.common.WriteBehindStore;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * DEVICE_FAULT_RATE: a device whose readings in one tumbling event-time window of
 * {@code screening.device.fault.rate.window.ms} (aligned to the epoch) number at least
 * {@code ...min.readings} and are implausible at a share of at least {@code ...threshold}.
 * One alert per device and window, raised by the reading that first meets both conditions;
 * scans without a reading do not count.
 *
 * <p>Keyed by deviceId, so it runs on the scans' own partitions without a repartition. The tallies
 * ({@link ScreeningNames#FAULT_RATE_STORE}) are kept per window in {@link FaultTallies#BUCKETS}
 * buckets of devices under a {@link WriteBehindStore}: a reading changes its bucket's object in
 * memory, and a commit writes each changed bucket down once (one changelog record per bucket, not
 * per reading). A window's buckets are deleted once a window {@code late-arrival span + window} newer
 * has been seen in the task, the retention the scans' own de-duplication has.
 *
 * <p>Tumbling rather than sliding windows keep one small tally per device and window; the price
 * is that a burst straddling a window boundary is judged as two halves.
 */
final class FaultRateTracker {
    private final long windowMs;
    private final long retentionMs;
    private final double threshold;
    private final int minReadings;
    private final Alerts alerts;
    private final KeyValueStore<Bytes, FaultTallies> tallies;
    /** Window starts this task keeps tallies for, oldest first. */
    private final TreeSet<Long> windows = new TreeSet<>();

    FaultRateTracker(ScreeningConfig config, Alerts alerts, KeyValueStore<Bytes, FaultTallies> tallies) {
        this.windowMs = config.faultRateWindowMs();
        this.retentionMs = retentionMs(config);
        this.threshold = config.faultRateThreshold();
        this.minReadings = config.faultRateMinReadings();
        this.alerts = alerts;
        this.tallies = tallies;
        try (KeyValueIterator<Bytes, FaultTallies> kept = tallies.all()) {
            kept.forEachRemaining(entry -> windows.add(FaultTallies.windowStartOf(entry.key)));
        }
    }

    private static long retentionMs(ScreeningConfig config) {
        return config.lateArrivalSpanMs() + config.faultRateWindowMs();
    }

    /** The store: (window start, bucket of devices) -> their tallies, written down once per commit. */
    static StoreBuilder<KeyValueStore<Bytes, FaultTallies>> storeBuilder(ScreeningConfig config) {
        return WriteBehindStore.wrap(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ScreeningNames.FAULT_RATE_STORE),
                Serdes.Bytes(), FaultTallies.serde()).withCachingDisabled());
    }

    /** Counts the scan's reading in its device's window; the DEVICE_FAULT_RATE alert it tips, or null. */
    ScreeningAlert add(ScreenedScan screened, long nowMs) {
        if (screened.getTemperatureStatus() == TemperatureStatus.NO_READING) {
            return null;
        }
        String deviceId = screened.getScan().getDeviceId();
        long eventTime = screened.getScan().getScannedAt().toEpochMilli();
        long windowStart = eventTime - Math.floorMod(eventTime, windowMs);
        Bytes key = FaultTallies.key(windowStart, deviceId);
        FaultTallies bucket = tallies.get(key);
        if (bucket == null) {
            bucket = new FaultTallies();
        }
        FaultTally tally = bucket.get(deviceId).add(screened.getTemperatureStatus() == TemperatureStatus.IMPLAUSIBLE);
        ScreeningAlert alert = null;
        if (!tally.alerted() && tally.readings() >= minReadings && tally.rateAtLeast(threshold)) {
            tally = tally.markAlerted();
            alert = alerts.deviceFaultRate(screened, tally.readings(), tally.implausible(), nowMs);
        }
        bucket.put(deviceId, tally);
        tallies.put(key, bucket); // held by reference below: put again after every change
        if (windows.add(windowStart)) {
            expireBefore(windows.last() - retentionMs);
        }
        return alert;
    }

    private void expireBefore(long oldestKept) {
        while (!windows.isEmpty() && windows.first() < oldestKept) {
            long expired = windows.pollFirst();
            for (int bucket = 0; bucket < FaultTallies.BUCKETS; bucket++) {
                tallies.delete(FaultTallies.key(expired, bucket));
            }
        }
    }
}

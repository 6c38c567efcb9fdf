package io.gatewatch.streams.screening;

import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.TemperatureStatus;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * DEVICE_FAULT_RATE: a device whose readings in one tumbling event-time window of
 * {@code screening.device.fault.rate.window.ms} (aligned to the epoch) number at least
 * {@code ...min.readings} and are implausible at a share of at least {@code ...threshold}.
 * One alert per device and window, raised by the reading that first meets both conditions;
 * scans without a reading do not count.
 *
 * <p>Keyed by deviceId, so it runs on the scans' own partitions without a repartition. The tally
 * store ({@link ScreeningNames#FAULT_RATE_STORE}) is cached: a device's tally is rewritten on
 * every reading but reaches the changelog once per commit.
 *
 * <p>Tumbling rather than sliding windows keep one small tally per device and window; the price
 * is that a burst straddling a window boundary is judged as two halves.
 */
final class FaultRateTracker {
    private final long windowMs;
    private final double threshold;
    private final int minReadings;
    private final Alerts alerts;
    private final WindowStore<String, FaultTally> tallies;

    FaultRateTracker(ScreeningConfig config, Alerts alerts, WindowStore<String, FaultTally> tallies) {
        this.windowMs = config.faultRateWindowMs();
        this.threshold = config.faultRateThreshold();
        this.minReadings = config.faultRateMinReadings();
        this.alerts = alerts;
        this.tallies = tallies;
    }

    /** The store: deviceId -> readings/implausible tally per fault-rate window (cached). */
    static StoreBuilder<WindowStore<String, FaultTally>> storeBuilder(ScreeningConfig config) {
        long retention = config.lateArrivalSpanMs() + config.faultRateWindowMs();
        return Stores.windowStoreBuilder(
                Stores.persistentWindowStore(ScreeningNames.FAULT_RATE_STORE, Duration.ofMillis(retention),
                        Duration.ofMillis(config.faultRateWindowMs()), false),
                Serdes.String(), FaultTally.serde());
    }

    /** Counts the scan's reading in its device's window; the DEVICE_FAULT_RATE alert it tips, or null. */
    ScreeningAlert add(ScreenedScan screened, long nowMs) {
        if (screened.getTemperatureStatus() == TemperatureStatus.NO_READING) {
            return null;
        }
        String deviceId = screened.getScan().getDeviceId();
        long eventTime = screened.getScan().getScannedAt().toEpochMilli();
        long windowStart = eventTime - Math.floorMod(eventTime, windowMs);
        FaultTally tally = tallies.fetch(deviceId, windowStart);
        tally = (tally == null ? FaultTally.EMPTY : tally)
                .add(screened.getTemperatureStatus() == TemperatureStatus.IMPLAUSIBLE);
        ScreeningAlert alert = null;
        if (!tally.alerted() && tally.readings() >= minReadings && tally.rateAtLeast(threshold)) {
            tally = tally.markAlerted();
            alert = alerts.deviceFaultRate(screened, tally.readings(), tally.implausible(), nowMs);
        }
        tallies.put(deviceId, tally, windowStart);
        return alert;
    }
}

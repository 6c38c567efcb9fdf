package io.gatewatch.streams.screening;

import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.TemperatureStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * DEVICE_FAULT_RATE: a device whose readings in one tumbling event-time window of
 * {@code screening.device.fault.rate.window.ms} (aligned to the epoch) number at least
 * {@code ...min.readings} and are implausible at a share of at least {@code ...threshold}.
 * One alert per device and window, raised by the reading that first meets both conditions;
 * scans without a reading do not count. Output is keyed by village like every alert.
 *
 * <p>Keyed by deviceId, so it runs on the scans' own partitions without a repartition. The tally
 * store ({@link ScreeningNames#FAULT_RATE_STORE}) is cached: a device's tally is rewritten on
 * every reading but reaches the changelog once per commit.
 *
 * <p>Tumbling rather than sliding windows keep one small tally per device and window; the price
 * is that a burst straddling a window boundary is judged as two halves.
 */
final class DeviceFaultRateProcessor implements Processor<String, ScreenedScan, String, ScreeningAlert> {
    private final long windowMs;
    private final double threshold;
    private final int minReadings;
    private final Alerts alerts;
    private final Clock clock;
    private ProcessorContext<String, ScreeningAlert> context;
    private WindowStore<String, FaultTally> tallies;

    private DeviceFaultRateProcessor(ScreeningConfig config, Alerts alerts, Clock clock) {
        this.windowMs = config.faultRateWindowMs();
        this.threshold = config.faultRateThreshold();
        this.minReadings = config.faultRateMinReadings();
        this.alerts = alerts;
        this.clock = clock;
    }

    static ProcessorSupplier<String, ScreenedScan, String, ScreeningAlert> supplier(ScreeningConfig config, Alerts alerts,
                                                                                    Clock clock) {
        long retention = config.lateArrivalSpanMs() + config.faultRateWindowMs();
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ScreenedScan, String, ScreeningAlert> get() {
                return new DeviceFaultRateProcessor(config, alerts, clock);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(ScreeningNames.FAULT_RATE_STORE, Duration.ofMillis(retention),
                                Duration.ofMillis(config.faultRateWindowMs()), false),
                        Serdes.String(), FaultTally.serde()));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, ScreeningAlert> context) {
        this.context = context;
        this.tallies = context.getStateStore(ScreeningNames.FAULT_RATE_STORE);
    }

    @Override
    public void process(Record<String, ScreenedScan> record) {
        ScreenedScan screened = record.value();
        if (screened.getTemperatureStatus() == TemperatureStatus.NO_READING) {
            return;
        }
        String deviceId = screened.getScan().getDeviceId();
        long eventTime = screened.getScan().getScannedAt().toEpochMilli();
        long windowStart = eventTime - Math.floorMod(eventTime, windowMs);
        FaultTally tally = tallies.fetch(deviceId, windowStart);
        tally = (tally == null ? FaultTally.EMPTY : tally)
                .add(screened.getTemperatureStatus() == TemperatureStatus.IMPLAUSIBLE);
        if (!tally.alerted() && tally.readings() >= minReadings && tally.rateAtLeast(threshold)) {
            tally = tally.markAlerted();
            ScreeningAlert alert = alerts.deviceFaultRate(screened, tally.readings(), tally.implausible(), clock.millis());
            context.forward(new Record<>(screened.getVillageCode(), alert, record.timestamp()));
        }
        tallies.put(deviceId, tally, windowStart);
    }
}

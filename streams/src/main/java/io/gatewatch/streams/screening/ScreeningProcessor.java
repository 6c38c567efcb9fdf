package io.gatewatch.streams.screening;

import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreeningAlert;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-scan steps of screening in one processor node: validate ({@link ScanValidator}), place
 * from the device registry ({@link DeviceEnricher}, read from the global store
 * {@link ScreeningNames#DEVICE_REGISTRY_STORE} through {@link DeviceRegistry}), de-duplicate ({@link Deduplicator}), classify
 * ({@link Classifier}, counted by source and outcome) and count the reading towards its device's
 * fault rate ({@link FaultRateTracker}, whose alert joins the scan's own alerts).
 *
 * <p>One node instead of a chain of a dozen (map, split, join, branch, map, dedupe, classify, map,
 * fault rate, merge): every hop between nodes costs a forward, a record context and metrics
 * bookkeeping in Kafka Streams, for every scan. The steps stay separate, pure or store-backed
 * pieces; only their wiring moved in here. Outputs go to two named children: refused scans
 * (original record timestamp) to {@value ScreeningNames#REJECT}, screened scans (stamped with the
 * scan's event time, so every output carries when the person was screened) to
 * {@value ScreeningNames#TO_SCREENING}. Duplicates are counted and dropped.
 *
 * <p>Order of steps: refusals happen before de-duplication, so a refused scan does not consume
 * its eventId and a corrected retry still goes through. The wall clock is read once per scan.
 */
final class ScreeningProcessor implements FixedKeyProcessor<String, ScanEvent, Checked> {
    private static final Logger LOG = LoggerFactory.getLogger(ScreeningProcessor.class);

    private final ScreeningConfig config;
    private final ScanValidator validator;
    private final DeviceEnricher enricher = new DeviceEnricher();
    private final Classifier classifier;
    private final Alerts alerts;
    private final ScreeningMetrics metrics;
    private final Clock clock;
    private final DeviceRegistry registry;
    private FixedKeyProcessorContext<String, Checked> context;
    private DeviceRegistry.Reader devices;
    private Deduplicator deduplicator;
    private FaultRateTracker faultRate;

    private ScreeningProcessor(ScreeningConfig config, Alerts alerts, ScreeningMetrics metrics, Clock clock, DeviceRegistry registry) {
        this.config = config;
        this.validator = new ScanValidator(config);
        this.classifier = new Classifier(config, alerts);
        this.alerts = alerts;
        this.metrics = metrics;
        this.clock = clock;
        this.registry = registry;
    }

    static FixedKeyProcessorSupplier<String, ScanEvent, Checked> supplier(ScreeningConfig config, Alerts alerts,
                                                                          ScreeningMetrics metrics, Clock clock, DeviceRegistry registry) {
        return new FixedKeyProcessorSupplier<>() {
            @Override
            public FixedKeyProcessor<String, ScanEvent, Checked> get() {
                return new ScreeningProcessor(config, alerts, metrics, clock, registry);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Deduplicator.indexBuilder(config), Deduplicator.journalBuilder(config), FaultRateTracker.storeBuilder(config));
            }
        };
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Checked> context) {
        this.context = context;
        this.devices = registry.reader(context.getStateStore(ScreeningNames.DEVICE_REGISTRY_STORE));
        this.deduplicator = new Deduplicator(Deduplicator.index(context.getStateStore(ScreeningNames.DEDUPE_INDEX_STORE)),
                context.getStateStore(ScreeningNames.DEDUPE_JOURNAL_STORE), config);
        this.faultRate = new FaultRateTracker(config, alerts, context.getStateStore(ScreeningNames.FAULT_RATE_STORE));
    }

    @Override
    public void process(FixedKeyRecord<String, ScanEvent> record) {
        long now = clock.millis();
        Checked checked = validator.check(record.key(), record.value(), now);
        if (checked.isRejected()) {
            context.forward(record.withValue(checked), ScreeningNames.REJECT);
            return;
        }
        ScanEvent scan = checked.scan();
        checked = enricher.enrich(scan, devices.device(scan.getDeviceId()));
        if (checked.isRejected()) {
            context.forward(record.withValue(checked), ScreeningNames.REJECT);
            return;
        }
        long eventTime = scan.getScannedAt().toEpochMilli();
        if (!deduplicator.firstSighting(scan.getEventId(), eventTime)) {
            metrics.duplicate();
            LOG.debug("Dropped duplicate scan partition={}", context.recordMetadata().map(m -> m.partition()).orElse(-1));
            return;
        }
        Screening screening = classifier.classify(checked.enriched(), now);
        metrics.screened(scan.getSource(), ScanOutcome.of(screening.screened()));
        ScreeningAlert faultRateAlert = faultRate.add(screening.screened(), now);
        if (faultRateAlert != null) {
            List<ScreeningAlert> all = new ArrayList<>(screening.alerts());
            all.add(faultRateAlert);
            screening = new Screening(screening.screened(), all, screening.flagged());
        }
        context.forward(record.withValue(Checked.screened(checked.enriched(), screening)).withTimestamp(eventTime),
                ScreeningNames.TO_SCREENING);
    }

}

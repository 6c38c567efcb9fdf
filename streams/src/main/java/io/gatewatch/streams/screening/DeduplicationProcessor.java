package io.gatewatch.streams.screening;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the first scan with a given eventId and drops (and counts) every later one whose event
 * time lies within {@code screening.dedupe.retention.ms} of it.
 *
 * <p>The store ({@link ScreeningNames#DEDUPE_STORE}) is a window store keyed by eventId at the
 * scan's event time, so retention follows event time and old ids expire segment by segment
 * without a scan of the store. It is partition-local: scans are keyed by deviceId and a retry
 * comes from the same device, hence the same partition and task (validation refuses records
 * whose key is not their deviceId). Its retention adds the future-skew allowance to the
 * de-duplication span, and {@code screening.max.age.ms} may not exceed that span, so every scan
 * that passed validation is still within reach of the store.
 *
 * <p>Under exactly-once the store's changelog and the forwarded output commit in one transaction:
 * a failure can neither forward a scan without remembering it nor remember it without
 * forwarding. Only accepted, enriched scans reach this step, so an id consumed by a refused scan
 * (e.g. an unknown device, later registered) does not block its retry.
 */
final class DeduplicationProcessor implements FixedKeyProcessor<String, EnrichedScan, EnrichedScan> {
    private static final Logger LOG = LoggerFactory.getLogger(DeduplicationProcessor.class);

    private final long retentionMs;
    private final ScreeningMetrics metrics;
    private final Clock clock;
    private FixedKeyProcessorContext<String, EnrichedScan> context;
    private WindowStore<String, Long> seen;

    private DeduplicationProcessor(long retentionMs, ScreeningMetrics metrics, Clock clock) {
        this.retentionMs = retentionMs;
        this.metrics = metrics;
        this.clock = clock;
    }

    static FixedKeyProcessorSupplier<String, EnrichedScan, EnrichedScan> supplier(ScreeningConfig config,
                                                                                   ScreeningMetrics metrics, Clock clock) {
        long retention = config.dedupeRetentionMs();
        long storeRetention = retention + config.maxFutureSkewMs();
        return new FixedKeyProcessorSupplier<>() {
            @Override
            public FixedKeyProcessor<String, EnrichedScan, EnrichedScan> get() {
                return new DeduplicationProcessor(retention, metrics, clock);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.windowStoreBuilder(
                                Stores.persistentWindowStore(ScreeningNames.DEDUPE_STORE, Duration.ofMillis(storeRetention),
                                        Duration.ofMillis(1), false),
                                Serdes.String(), Serdes.Long())
                        .withCachingDisabled());
            }
        };
    }

    @Override
    public void init(FixedKeyProcessorContext<String, EnrichedScan> context) {
        this.context = context;
        this.seen = context.getStateStore(ScreeningNames.DEDUPE_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, EnrichedScan> record) {
        String eventId = record.value().scan().getEventId();
        long eventTime = record.value().scan().getScannedAt().toEpochMilli();
        try (WindowStoreIterator<Long> earlier = seen.fetch(eventId, Math.max(0, eventTime - retentionMs), eventTime + retentionMs)) {
            if (earlier.hasNext()) {
                metrics.duplicate();
                LOG.debug("Dropped duplicate scan partition={}", context.recordMetadata().map(m -> m.partition()).orElse(-1));
                return;
            }
        }
        seen.put(eventId, clock.millis(), eventTime);
        context.forward(record);
    }
}

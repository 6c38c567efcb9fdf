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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the first scan with a given eventId and scan time, and drops (and counts) every later
 * one: a retry resends the buffered event, so both are identical. An eventId that comes back with
 * a different scan time is a different scan (a device whose sequence-based ids restarted after a
 * reset), not a retry, and goes through.
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
 * forwarding. Only accepted, enriched scans reach this step, so an id consumed by a refused scan
 * (e.g. an unknown device, later registered) does not block its retry.
 */
final class DeduplicationProcessor implements FixedKeyProcessor<String, EnrichedScan, EnrichedScan> {
    private static final Logger LOG = LoggerFactory.getLogger(DeduplicationProcessor.class);

    private final ScreeningMetrics metrics;
    private final Clock clock;
    private FixedKeyProcessorContext<String, EnrichedScan> context;
    private WindowStore<String, Long> seen;

    private DeduplicationProcessor(ScreeningMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    static FixedKeyProcessorSupplier<String, EnrichedScan, EnrichedScan> supplier(ScreeningConfig config,
                                                                                   ScreeningMetrics metrics, Clock clock) {
        long storeRetention = config.dedupeRetentionMs() + config.maxFutureSkewMs();
        return new FixedKeyProcessorSupplier<>() {
            @Override
            public FixedKeyProcessor<String, EnrichedScan, EnrichedScan> get() {
                return new DeduplicationProcessor(metrics, clock);
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
        if (seen.fetch(eventId, eventTime) != null) {
            metrics.duplicate();
            LOG.debug("Dropped duplicate scan partition={}", context.recordMetadata().map(m -> m.partition()).orElse(-1));
            return;
        }
        seen.put(eventId, clock.millis(), eventTime);
        context.forward(record);
    }
}

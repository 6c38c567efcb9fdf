package io.gatewatch.streams.screening;

import java.time.Clock;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Runs the {@link Classifier} on each de-duplicated scan, counts it by source and outcome, and
 * stamps the result with the scan's event time, so every output (screened scans, alerts, the
 * person repartition) carries when the person was screened rather than when the record arrived.
 */
final class ClassifyProcessor implements FixedKeyProcessor<String, EnrichedScan, Screening> {
    private final Classifier classifier;
    private final ScreeningMetrics metrics;
    private final Clock clock;
    private FixedKeyProcessorContext<String, Screening> context;

    private ClassifyProcessor(Classifier classifier, ScreeningMetrics metrics, Clock clock) {
        this.classifier = classifier;
        this.metrics = metrics;
        this.clock = clock;
    }

    static FixedKeyProcessorSupplier<String, EnrichedScan, Screening> supplier(Classifier classifier,
                                                                               ScreeningMetrics metrics, Clock clock) {
        return () -> new ClassifyProcessor(classifier, metrics, clock);
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Screening> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, EnrichedScan> record) {
        Screening screening = classifier.classify(record.value(), clock.millis());
        metrics.screened(record.value().scan().getSource(), ScanOutcome.of(screening.screened()));
        context.forward(record.withValue(screening)
                .withTimestamp(record.value().scan().getScannedAt().toEpochMilli()));
    }
}

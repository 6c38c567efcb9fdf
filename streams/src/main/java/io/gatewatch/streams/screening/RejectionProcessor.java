package io.gatewatch.streams.screening;

import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import io.gatewatch.streams.common.RejectedRecords;
import java.time.Clock;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a refused scan into a dead letter for {@link Topics#SCANS_REJECTED}: key and value
 * re-serialised with the scans topic's own serdes (the same subject, so the bytes read like the
 * original; a record written with an older schema comes back in the current one), the
 * {@link RejectedRecords} headers naming the source topic, partition and offset, the reason code
 * and message; and counted by reason.
 *
 * <p>Runs in the source's sub-topology, so the record metadata is the original scan's.
 */
final class RejectionProcessor implements Processor<String, Checked, byte[], byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(RejectionProcessor.class);

    private final Serde<String> keySerde;
    private final Serde<ScanEvent> scanSerde;
    private final ScreeningMetrics metrics;
    private final Clock clock;
    private ProcessorContext<byte[], byte[]> context;

    RejectionProcessor(Serde<String> keySerde, Serde<ScanEvent> scanSerde, ScreeningMetrics metrics, Clock clock) {
        this.keySerde = keySerde;
        this.scanSerde = scanSerde;
        this.metrics = metrics;
        this.clock = clock;
    }

    static ProcessorSupplier<String, Checked, byte[], byte[]> supplier(Serde<String> keySerde, Serde<ScanEvent> scanSerde,
                                                                       ScreeningMetrics metrics, Clock clock) {
        return () -> new RejectionProcessor(keySerde, scanSerde, metrics, clock);
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Checked> record) {
        Rejection rejection = record.value().rejection();
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(Topics.SCANS);
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        String message = rejection.message();
        byte[] key = record.key() == null ? null : keySerde.serializer().serialize(Topics.SCANS, record.key());
        byte[] value = null;
        ScanEvent scan = record.value().scan();
        if (scan != null) {
            try {
                value = scanSerde.serializer().serialize(Topics.SCANS, scan);
            } catch (RuntimeException e) {
                // The refusal must still be recorded; say in the message why the payload is missing.
                message = message + " (the original value could not be re-serialised: " + e.getClass().getSimpleName() + ")";
            }
        }
        Headers headers = RejectedRecords.headers(record.headers(), RejectedRecords.REJECTED_BY_SCREENING, topic,
                partition, offset, rejection.reason().code(), message, Instant.ofEpochMilli(clock.millis()));
        metrics.rejected(rejection.reason());
        LOG.debug("Rejected scan topic={} partition={} offset={} reason={}", topic, partition, offset, rejection.reason().code());
        context.forward(new Record<>(key, value, record.timestamp(), headers));
    }
}

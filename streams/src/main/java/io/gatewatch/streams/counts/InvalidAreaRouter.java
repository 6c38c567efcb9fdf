package io.gatewatch.streams.counts;

import io.gatewatch.schema.LateScanHeaders;
import io.gatewatch.schema.RejectedRecordHeaders;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.Topics;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes screened scans that cannot be placed in any area (no value, or a village code that is not
 * 12 digits) to {@link Topics#SCANS_REJECTED}, as the dead-letter contract asks: the record's key
 * and value in their wire format (re-encoded with the input's serdes, so under the input topic's
 * subjects) with {@link RejectedRecordHeaders} naming where it came from and why, and counts them.
 * The screening topology should never emit such records; this keeps a breach of that contract
 * visible instead of crashing the counts or dropping scans silently.
 */
final class InvalidAreaRouter implements Processor<String, ScreenedScan, byte[], byte[]> {
    static final String REJECTED_BY = "counts";
    private static final Logger log = LoggerFactory.getLogger(InvalidAreaRouter.class);

    private final Serializer<String> keySerializer;
    private final Serializer<ScreenedScan> valueSerializer;
    private final CountsMetrics metrics;
    private ProcessorContext<byte[], byte[]> context;

    InvalidAreaRouter(Serializer<String> keySerializer, Serializer<ScreenedScan> valueSerializer, CountsMetrics metrics) {
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, ScreenedScan> record) {
        boolean noValue = record.value() == null;
        String reason = noValue ? CountsTopology.REJECT_NULL_VALUE : CountsTopology.REJECT_INVALID_VILLAGE_CODE;
        String message = noValue ? "screened scan without a value"
                : "villageCode is not 12 digits, the scan cannot be placed in an area";
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        put(headers, RejectedRecordHeaders.REASON, reason);
        put(headers, RejectedRecordHeaders.MESSAGE, message);
        put(headers, RejectedRecordHeaders.REJECTED_BY, REJECTED_BY);
        put(headers, RejectedRecordHeaders.CHANNEL, "kafka");
        put(headers, RejectedRecordHeaders.RECEIVED_AT, Instant.ofEpochMilli(context.currentSystemTimeMs()).toString());
        String topic = Topics.SCANS_SCREENED;
        if (context.recordMetadata().isPresent()) {
            var source = context.recordMetadata().get();
            topic = source.topic();
            put(headers, RejectedRecordHeaders.SOURCE_TOPIC, source.topic());
            put(headers, RejectedRecordHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
            put(headers, RejectedRecordHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
            log.debug("Rejected screened scan at {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), reason);
        }
        metrics.rejected(reason);
        byte[] key = keySerializer.serialize(topic, record.key());
        byte[] value = valueSerializer.serialize(topic, record.value());
        context.forward(new Record<>(key, value, record.timestamp(), headers));
    }

    private static void put(RecordHeaders headers, String name, String value) {
        LateScanHeaders.put(headers, name, value);
    }
}

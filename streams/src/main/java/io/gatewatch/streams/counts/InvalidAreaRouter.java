package io.gatewatch.streams.counts;

import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreenedScan;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes screened scans that cannot be placed in any area (no value, or a village code that is not
 * 12 digits) to the rejected topic as the original scan keyed by device id, with headers naming
 * the source topic/partition/offset, a stable reason code and a message, and counts them. The
 * screening topology should never emit such records; this keeps a contract breach visible instead
 * of crashing the counts or dropping scans silently.
 */
final class InvalidAreaRouter implements Processor<String, ScreenedScan, String, ScanEvent> {
    private static final Logger log = LoggerFactory.getLogger(InvalidAreaRouter.class);
    private final CountsMetrics metrics;
    private ProcessorContext<String, ScanEvent> context;

    InvalidAreaRouter(CountsMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, ScanEvent> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, ScreenedScan> record) {
        ScreenedScan screened = record.value();
        String reason = screened == null ? CountsHeaders.REASON_NULL_VALUE : CountsHeaders.REASON_INVALID_VILLAGE_CODE;
        String message = screened == null ? "screened scan without a value"
                : "village code is not 12 digits, the scan cannot be placed in an area";
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        context.recordMetadata().ifPresent(source -> {
            CountsHeaders.put(headers, CountsHeaders.SOURCE_TOPIC, source.topic());
            CountsHeaders.put(headers, CountsHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
            CountsHeaders.put(headers, CountsHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
            log.debug("Rejected screened scan at {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), reason);
        });
        CountsHeaders.put(headers, CountsHeaders.REASON, reason);
        CountsHeaders.put(headers, CountsHeaders.MESSAGE, message);
        metrics.rejected(reason);
        ScanEvent scan = screened == null ? null : screened.getScan();
        String deviceId = scan == null ? null : scan.getDeviceId();
        context.forward(new Record<>(deviceId, scan, record.timestamp(), headers));
    }
}

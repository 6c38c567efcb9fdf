package io.gatewatch.streams.common;

import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreenedScan;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time for scans: {@link ScanEvent#getScannedAt()} (the device clock), also for a
 * {@link ScreenedScan} (its embedded scan), so windows and retention follow when people were
 * screened, not when an offline gate finally uploaded.
 *
 * <p>A device whose clock runs far ahead must not drag stream time into the future: stream time
 * only moves forward, so one scan stamped next year would make every window and retention store
 * of its task treat all later, correct scans as expired. Hence a scan time more than
 * {@code maxFutureSkewMs} ahead of the wall clock, zero or negative, is not used; the record's
 * Kafka timestamp (producer or broker time) is, and failing that the partition's current stream
 * time. Such scans are refused by validation anyway; this only protects the clocks.
 */
public final class ScanEventTimestampExtractor implements TimestampExtractor {
    private final long maxFutureSkewMs;
    private final Clock clock;

    public ScanEventTimestampExtractor(long maxFutureSkewMs, Clock clock) {
        if (maxFutureSkewMs < 0) {
            throw new IllegalArgumentException("maxFutureSkewMs must be >= 0");
        }
        this.maxFutureSkewMs = maxFutureSkewMs;
        this.clock = clock;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long scannedAt = scannedAt(record.value());
        if (scannedAt > 0 && scannedAt <= clock.millis() + maxFutureSkewMs) {
            return scannedAt;
        }
        if (record.timestamp() >= 0) {
            return record.timestamp();
        }
        return Math.max(partitionTime, 0);
    }

    private static long scannedAt(Object value) {
        ScanEvent scan = value instanceof ScanEvent s ? s
                : value instanceof ScreenedScan screened ? screened.getScan() : null;
        return scan == null || scan.getScannedAt() == null ? -1 : scan.getScannedAt().toEpochMilli();
    }
}

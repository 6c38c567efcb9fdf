package io.gatewatch.streams.counts;

import io.gatewatch.schema.ScreenedScan;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time of a screened scan: {@code scan.scannedAt}. Kafka Streams silently skips records with
 * a negative timestamp, so where the scan has none usable this falls back to the record's own
 * timestamp, then to the partition time; the counting processor windows by {@code scannedAt}
 * itself, so such a record still reaches it and is counted or routed as late, never dropped.
 */
public final class ScannedAtTimestampExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof ScreenedScan screened && screened.getScan() != null
                && screened.getScan().getScannedAt() != null) {
            long scannedAt = screened.getScan().getScannedAt().toEpochMilli();
            if (scannedAt >= 0) {
                return scannedAt;
            }
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0L);
    }
}

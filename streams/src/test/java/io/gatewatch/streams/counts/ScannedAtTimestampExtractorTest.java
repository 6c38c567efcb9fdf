package io.gatewatch.streams.counts;

import static io.gatewatch.streams.counts.CountsRecords.aScan;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ScannedAtTimestampExtractorTest {
    private final ScannedAtTimestampExtractor extractor = new ScannedAtTimestampExtractor();

    @Test
    void shouldUseTheTimeOfTheScanNotOfTheRecord() {
        Instant scannedAt = Instant.parse("2024-03-10T02:00:00Z");

        long extracted = extractor.extract(record(aScan().at(scannedAt).build(), 5L), 0L);

        assertThat(extracted).isEqualTo(scannedAt.toEpochMilli());
    }

    @Test
    void shouldFallBackToANonNegativeTimeRatherThanLetStreamsDropTheRecord() {
        assertThat(extractor.extract(record(aScan().at(Instant.ofEpochMilli(-5)).build(), 42L), 7L)).isEqualTo(42L);
        assertThat(extractor.extract(record(null, -1L), 7L)).isEqualTo(7L);
        assertThat(extractor.extract(record(null, -1L), -1L)).isZero();
    }

    private static ConsumerRecord<Object, Object> record(Object value, long timestamp) {
        return new ConsumerRecord<>("t", 0, 0L, timestamp, TimestampType.CREATE_TIME, 0, 0, "k", value, new RecordHeaders(), Optional.empty());
    }
}

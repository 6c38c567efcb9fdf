package io.gatewatch.streams.common;

import static io.gatewatch.schema.testing.ScanEventBuilder.aScan;
import static io.gatewatch.schema.testing.ScreenedScanBuilder.aScreenedScan;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ScanEventTimestampExtractorTest {
    private static final Instant NOW = Instant.parse("2024-01-15T08:00:00Z");
    private static final long ARRIVAL = NOW.toEpochMilli() - 1_000;
    private final ScanEventTimestampExtractor extractor =
            new ScanEventTimestampExtractor(600_000, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldUseTheScanTimeNotTheArrivalTime() {
        Instant scannedAt = NOW.minusSeconds(5 * 3600);

        assertThat(extractor.extract(record(aScan().at(scannedAt).build()), 0)).isEqualTo(scannedAt.toEpochMilli());
    }

    @Test
    void shouldUseTheEmbeddedScanTimeOfAScreenedScan() {
        Instant scannedAt = NOW.minusSeconds(60);
        ScreenedScan screened = aScreenedScan().at(scannedAt).screenedAt(NOW).build();

        assertThat(extractor.extract(record(screened), 0)).isEqualTo(scannedAt.toEpochMilli());
    }

    @Test
    void shouldNotLetAClockFarAheadDragStreamTimeForward() {
        Instant nextYear = NOW.plusSeconds(365L * 24 * 3600);

        assertThat(extractor.extract(record(aScan().at(nextYear).build()), 0)).isEqualTo(ARRIVAL);
    }

    @Test
    void shouldAcceptScanTimeWithinTheSkew() {
        Instant ahead = NOW.plusSeconds(600);

        assertThat(extractor.extract(record(aScan().at(ahead).build()), 0)).isEqualTo(ahead.toEpochMilli());
    }

    @Test
    void shouldFallBackToTheRecordTimestampForOtherValues() {
        assertThat(extractor.extract(record(null), 0)).isEqualTo(ARRIVAL);
    }

    private static ConsumerRecord<Object, Object> record(Object value) {
        return new ConsumerRecord<>(Topics.SCANS, 0, 0L, ARRIVAL, TimestampType.CREATE_TIME, 0, 0, "d", value,
                new RecordHeaders(), Optional.empty());
    }
}

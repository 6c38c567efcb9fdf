package io.gatewatch.streams.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.RejectedRecordHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class RejectedRecordsTest {

    @Test
    void shouldKeepTheOriginalHeadersAndReplaceEarlierRejectionHeaders() {
        // Given a record that carries a trace header and a reason from an earlier refusal
        Headers original = new RecordHeaders();
        original.add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));
        original.add(RejectedRecordHeaders.REASON, "old".getBytes(StandardCharsets.UTF_8));

        Headers headers = RejectedRecords.headers(original, "screening", "t", 1, 2L, "unknown_device", "m",
                Instant.parse("2024-01-15T08:00:00Z"));

        assertThat(RejectedRecords.value(headers, "traceparent")).isEqualTo("00-abc");
        assertThat(headers.headers(RejectedRecordHeaders.REASON)).hasSize(1);
        assertThat(RejectedRecords.value(headers, RejectedRecordHeaders.REASON)).isEqualTo("unknown_device");
        assertThat(RejectedRecords.value(headers, RejectedRecordHeaders.RECEIVED_AT)).isEqualTo("2024-01-15T08:00:00Z");
        assertThat(original.headers(RejectedRecordHeaders.REASON)).hasSize(1);
    }

    @Test
    void shouldCapLongMessages() {
        Headers headers = RejectedRecords.headers(null, "screening", "t", 0, 0L, "r", "x".repeat(5000), Instant.EPOCH);

        assertThat(RejectedRecords.value(headers, RejectedRecordHeaders.MESSAGE)).hasSize(RejectedRecords.MAX_MESSAGE_LENGTH);
    }
}

package io.gatewatch.sinks.jdbc;

import java.time.Instant;

/**
 * Refused scans of one hour, reason and source topic within one batch: the increment the batch adds
 * to {@code rejected_scan_summary}. Summaries are not idempotent on their own (they add), which is
 * why the sink's offsets live in the same transaction and are fenced (see {@link OffsetStore}).
 */
record RejectedSummary(Instant hourStart, String reason, String sourceTopic, long rejected, Instant lastSeenAt) {
    /** Stored for records without a source-topic header (the column is part of the key). */
    public static final String UNKNOWN_SOURCE_TOPIC = "";

    static RejectedSummary of(RejectedScanRow row) {
        return new RejectedSummary(row.hourStart(), row.reason(),
                row.sourceTopic() == null ? UNKNOWN_SOURCE_TOPIC : row.sourceTopic(), 1, row.source().timestamp());
    }

    Key key() {
        return new Key(hourStart, reason, sourceTopic);
    }

    RejectedSummary plus(RejectedSummary other) {
        Instant last = lastSeenAt.isAfter(other.lastSeenAt) ? lastSeenAt : other.lastSeenAt;
        return new RejectedSummary(hourStart, reason, sourceTopic, rejected + other.rejected, last);
    }

    record Key(Instant hourStart, String reason, String sourceTopic) {}
}

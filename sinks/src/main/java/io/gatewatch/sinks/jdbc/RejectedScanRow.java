package io.gatewatch.sinks.jdbc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A refused scan from {@code gatewatch.scans.rejected}, reduced to where it came from and why:
 * counted into {@code rejected_scan_summary} and kept (bounded) in {@code rejected_scan_detail}.
 * Carries the payload sizes but never the payload, which may hold personal data.
 */
record RejectedScanRow(
        RecordSource source,
        String reason,
        String message,
        String sourceTopic,
        Integer sourcePartition,
        Long sourceOffset,
        int keySize,
        int valueSize) implements SinkRow {

    /** Reason recorded when the record carries no reason header. */
    public static final String UNKNOWN_REASON = "UNKNOWN";
    /** Longest message stored; longer ones are cut (messages are diagnostics, not data). */
    public static final int MAX_MESSAGE_LENGTH = 500;

    /** Start of the UTC hour of the record's timestamp: the summary bucket. */
    public Instant hourStart() {
        return source.timestamp().truncatedTo(ChronoUnit.HOURS);
    }
}

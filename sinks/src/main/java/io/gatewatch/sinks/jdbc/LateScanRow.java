package io.gatewatch.sinks.jdbc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A scan that reached the counts after its window closed ({@code gatewatch.scans.late}), reduced
 * to what {@code late_scan_summary} needs: no person token, no reading. {@code villageCode} and
 * {@code checkpointId} are where the counts placed the scan (the record's headers), null when the
 * record does not say; {@code window} is the window size it missed ({@code hour}, {@code day}), or null.
 */
record LateScanRow(RecordSource source, String deviceId, String scanSource, String villageCode,
                          String checkpointId, String window, Instant scannedAt) implements SinkRow {

    static final String HOUR = "hour";
    static final String DAY = "day";

    /** Start of the UTC hour the scan happened in (event time): the summary bucket. */
    public Instant hourStart() {
        return scannedAt.truncatedTo(ChronoUnit.HOURS);
    }
}

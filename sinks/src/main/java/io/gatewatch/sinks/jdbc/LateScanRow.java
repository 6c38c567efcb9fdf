package io.gatewatch.sinks.jdbc;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A scan that reached the counts after its window closed ({@code gatewatch.scans.late}), reduced
 * to what {@code late_scan_summary} needs: no person token, no reading.
 */
public record LateScanRow(RecordSource source, String deviceId, String scanSource, String villageCode, Instant scannedAt)
        implements SinkRow {

    /** Start of the UTC hour the scan happened in (event time): the summary bucket. */
    public Instant hourStart() {
        return scannedAt.truncatedTo(ChronoUnit.HOURS);
    }
}

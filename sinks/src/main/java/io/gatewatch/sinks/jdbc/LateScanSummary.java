package io.gatewatch.sinks.jdbc;

import java.time.Instant;

/** Late scans of one event hour and device within one batch: the increment added to {@code late_scan_summary}. */
public record LateScanSummary(Instant hourStart, String deviceId, String scanSource, String villageCode, long lateScans,
                              Instant firstScanAt, Instant lastScanAt) {

    static LateScanSummary of(LateScanRow row) {
        return new LateScanSummary(row.hourStart(), row.deviceId(), row.scanSource(), row.villageCode(), 1,
                row.scannedAt(), row.scannedAt());
    }

    Key key() {
        return new Key(hourStart, deviceId);
    }

    /** Adds a later record's summary: counts add, the time span widens, the latest labels win. */
    LateScanSummary plus(LateScanSummary later) {
        return new LateScanSummary(hourStart, deviceId, later.scanSource,
                later.villageCode == null ? villageCode : later.villageCode, lateScans + later.lateScans,
                firstScanAt.isBefore(later.firstScanAt) ? firstScanAt : later.firstScanAt,
                lastScanAt.isAfter(later.lastScanAt) ? lastScanAt : later.lastScanAt);
    }

    record Key(Instant hourStart, String deviceId) {}
}

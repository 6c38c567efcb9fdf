package io.gatewatch.sinks.jdbc;

import java.time.Instant;

/**
 * Late records of one event hour, device, village and checkpoint within one batch: the increment
 * added to {@code late_scan_summary}. {@code lateScans} counts records (one per window size a scan
 * missed); {@code missedHour} and {@code missedDay} count them by that window size.
 */
record LateScanSummary(Instant hourStart, String deviceId, String scanSource, String villageCode,
                              String checkpointId, long lateScans, long missedHour, long missedDay,
                              Instant firstScanAt, Instant lastScanAt) {

    static LateScanSummary of(LateScanRow row) {
        return new LateScanSummary(row.hourStart(), row.deviceId(), row.scanSource(), row.villageCode(),
                row.checkpointId(), 1, LateScanRow.HOUR.equals(row.window()) ? 1 : 0,
                LateScanRow.DAY.equals(row.window()) ? 1 : 0, row.scannedAt(), row.scannedAt());
    }

    Key key() {
        return new Key(hourStart, deviceId, villageCode, checkpointId);
    }

    /** Adds a later record's summary: counts add, the time span widens, the latest source label wins. */
    LateScanSummary plus(LateScanSummary later) {
        return new LateScanSummary(hourStart, deviceId, later.scanSource, villageCode, checkpointId,
                lateScans + later.lateScans, missedHour + later.missedHour, missedDay + later.missedDay,
                firstScanAt.isBefore(later.firstScanAt) ? firstScanAt : later.firstScanAt,
                lastScanAt.isAfter(later.lastScanAt) ? lastScanAt : later.lastScanAt);
    }

    /** The row's identity in {@code late_scan_summary}: the place is part of it, so arrival order never changes it. */
    record Key(Instant hourStart, String deviceId, String villageCode, String checkpointId) {}
}

package io.gatewatch.sinks.report;

import java.util.Map;

/**
 * FEVER alerts stored for scans made that day in the area, by the source of the scan ({@code alert.source}:
 * GATE_DEVICE, CLINIC, PHARMACY, PHONE_APP, STAFF_ENTRY, UNKNOWN_SOURCE).
 *
 * <p>This is where "where found" comes from: {@code area_count} counts fevers and scans per source
 * but not fevers per source. The screening raises exactly one FEVER alert per fever scan, so the
 * total normally equals the day's counted fevers; it differs when a scan was uploaded after the day's
 * figure closed (alerted but not counted) or while the figure is still provisional.
 */
record FeverAlerts(Map<String, Long> bySource) {
    public static final java.util.List<String> SOURCES =
            java.util.List.of("GATE_DEVICE", "CLINIC", "PHARMACY", "PHONE_APP", "STAFF_ENTRY", "UNKNOWN_SOURCE");

    public FeverAlerts {
        bySource = Map.copyOf(bySource);
    }

    public long total() {
        return bySource.values().stream().mapToLong(Long::longValue).sum();
    }

    public long of(String source) {
        return bySource.getOrDefault(source, 0L);
    }
}

package io.gatewatch.sinks.jdbc;

/** The tables the sink writes; {@link #tableName()} is also the {@code table} tag of the sink metrics. */
enum SinkTable {
    ALERT("alert"),
    AREA_COUNT("area_count"),
    REJECTED_SCAN_SUMMARY("rejected_scan_summary"),
    REJECTED_SCAN_DETAIL("rejected_scan_detail"),
    LATE_SCAN_SUMMARY("late_scan_summary"),
    DEVICE_REGISTRATION("device_registration"),
    OBSERVATION("observation"),
    SINK_DEAD_LETTER("sink_dead_letter"),
    SINK_OFFSETS("sink_offsets");

    private final String tableName;

    SinkTable(String tableName) {
        this.tableName = tableName;
    }

    public String tableName() {
        return tableName;
    }
}

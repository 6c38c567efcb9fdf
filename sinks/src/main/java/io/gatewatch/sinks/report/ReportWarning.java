package io.gatewatch.sinks.report;

/**
 * Something the reader must know about the data behind a report; {@code key} names the label
 * ({@code warning.<key>}), {@code detail} is inserted into it verbatim (codes, zone ids).
 */
record ReportWarning(String key, String detail) {
    public static final String OTHER_ZONE = "other_zone";
}

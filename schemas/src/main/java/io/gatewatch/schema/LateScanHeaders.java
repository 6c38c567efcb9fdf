package io.gatewatch.schema;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Header names on {@link Topics#SCANS_LATE} records (the value is the original {@code ScanEvent},
 * the key its device id). Values are UTF-8 strings; none is personal data. The village and
 * checkpoint are the screening's enriched values, the area the counts placed the scan in, so a
 * reader (the PostgreSQL sink's {@code late_scan_summary}) files a late scan where it would have
 * been counted, without the device registry and whatever village the source reported.
 */
public final class LateScanHeaders {
    private LateScanHeaders() {}

    /** Stable reason code; today always {@link #REASON_WINDOW_CLOSED}. */
    public static final String REASON = "gatewatch.late.reason";
    /** Window size the scan missed: {@code hour} or {@code day}. */
    public static final String WINDOW = "gatewatch.late.window";
    /** Start of the window the scan missed, ISO-8601 instant (UTC). */
    public static final String WINDOW_START = "gatewatch.late.window.start";
    /** Village code after enrichment. */
    public static final String VILLAGE_CODE = "gatewatch.late.village.code";
    /** Checkpoint id after enrichment. */
    public static final String CHECKPOINT_ID = "gatewatch.late.checkpoint.id";

    /** The scan's window had closed (end plus grace had passed): it is in no figure of that window. */
    public static final String REASON_WINDOW_CLOSED = "window_closed";

    /** Sets {@code name} to {@code value} (UTF-8), replacing any earlier value. */
    public static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

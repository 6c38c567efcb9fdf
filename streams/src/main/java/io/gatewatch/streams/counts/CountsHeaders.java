package io.gatewatch.streams.counts;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Header names and stable reason codes the counts topology writes on the late-scans and rejected
 * topics. Values are UTF-8 strings.
 */
public final class CountsHeaders {
    private CountsHeaders() {}

    /** Stable reason code, one of the {@code REASON_*} values. */
    public static final String REASON = "gatewatch.reason";
    /** Human-readable detail of a rejection (never personal data). */
    public static final String MESSAGE = "gatewatch.message";
    public static final String SOURCE_TOPIC = "gatewatch.source.topic";
    public static final String SOURCE_PARTITION = "gatewatch.source.partition";
    public static final String SOURCE_OFFSET = "gatewatch.source.offset";
    /** Late scans: the window size the scan missed, {@code hour} or {@code day}. */
    public static final String WINDOW = "gatewatch.window";
    /** Late scans: start of the window the scan missed, ISO-8601 instant (UTC). */
    public static final String WINDOW_START = "gatewatch.window.start";
    /** Late scans: village after enrichment, so the scan can be attributed to an area. */
    public static final String VILLAGE_CODE = "gatewatch.village.code";
    /** Late scans: checkpoint after enrichment. */
    public static final String CHECKPOINT_ID = "gatewatch.checkpoint.id";

    /** The scan's window had closed (its grace period had elapsed): not counted in that window. */
    public static final String REASON_WINDOW_CLOSED = "window_closed";
    /** The screened scan's village code is not 12 digits, so it cannot be placed in any area. */
    public static final String REASON_INVALID_VILLAGE_CODE = "invalid_village_code";
    /** A record without a value (tombstone) on the screened-scans topic. */
    public static final String REASON_NULL_VALUE = "null_value";

    static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

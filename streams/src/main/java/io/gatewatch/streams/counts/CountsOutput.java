package io.gatewatch.streams.counts;

import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.AreaCountKey;
import io.gatewatch.schema.ScanEvent;

/**
 * What the counting processor emits, before the topology routes it to its topic: a figure for
 * the hourly or daily count topic, or a scan that missed a window, for the late-scans topic.
 * One typed output keeps the routing in the topology checked by the compiler.
 */
sealed interface CountsOutput {

    /** A window's figures, keyed for upsert. */
    record Figure(AreaCountKey key, AreaCount count) implements CountsOutput {}

    /** A scan that arrived after its window closed; the record's headers say which window and why. */
    record LateScan(String deviceId, ScanEvent scan) implements CountsOutput {}
}

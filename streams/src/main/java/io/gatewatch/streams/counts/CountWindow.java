package io.gatewatch.streams.counts;

import io.gatewatch.schema.WindowSize;

/**
 * One tumbling window: {@code [start, end)} in epoch milliseconds UTC. Day windows are not always
 * 24 h long (daylight-saving days are 23 or 25 h), so the end is carried, not derived.
 */
record CountWindow(WindowSize size, long start, long end) {
    CountWindow {
        if (end <= start) {
            throw new IllegalArgumentException("window end " + end + " not after start " + start);
        }
    }

    /** True when {@code epochMillis} lies in {@code [start, end)}. */
    boolean contains(long epochMillis) {
        return epochMillis >= start && epochMillis < end;
    }

    /** True when the window can no longer take scans at {@code clock}: its end plus grace has passed. */
    boolean isClosedAt(long clock, long graceMs) {
        return end + graceMs <= clock;
    }
}

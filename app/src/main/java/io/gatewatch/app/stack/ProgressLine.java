package io.gatewatch.app.stack;

import java.util.Locale;

/**
 * Formats the demo's one-line progress: elapsed time, scans per second (processed; smoothed by
 * the reporter), totals of produced/processed scans, alerts, rejections and consumer lag. Pure, so
 * the layout is tested without a clock or a terminal.
 */
public final class ProgressLine {
    private ProgressLine() {}

    public static String format(long elapsedSeconds, ProgressSnapshot previous, ProgressSnapshot current) {
        double seconds = (current.nanoTime() - previous.nanoTime()) / 1e9;
        return format(elapsedSeconds, seconds <= 0 ? 0 : (current.processed() - previous.processed()) / seconds, current);
    }

    /** The line with a given processing rate (e.g. a {@link SmoothedRate}) in scans per second. */
    public static String format(long elapsedSeconds, double rate, ProgressSnapshot current) {
        String lag = current.lag().isPresent() ? String.valueOf(current.lag().getAsLong()) : "n/a";
        return String.format(Locale.ROOT, "[%s] %,.0f scans/s | produced %,d | processed %,d | alerts %,d | rejected %,d | lag %s",
                clock(elapsedSeconds), rate, current.produced(), current.processed(), current.alerts(), current.rejected(), lag);
    }

    static String clock(long seconds) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    }
}

package io.gatewatch.app.cli;

import java.time.Duration;

/** Short human form of a duration for messages: {@code 1h05m}, {@code 5m00s}, {@code 30s}, {@code 250ms}. */
final class DurationFormat {
    private DurationFormat() {}

    static String of(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return String.format("%dh%02dm", s / 3600, (s / 60) % 60);
    }
}

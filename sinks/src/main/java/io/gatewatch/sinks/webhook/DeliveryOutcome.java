package io.gatewatch.sinks.webhook;

import java.util.Locale;

/** How one alert's delivery to one URL ended; {@link #tag()} is the {@code outcome} metric tag. */
enum DeliveryOutcome {
    /** A 2xx response. */
    DELIVERED,
    /** Retries exhausted on retryable failures (I/O, timeout, 5xx, 408, 425, 429). */
    FAILED,
    /** A non-retryable response (another 4xx, or 3xx): the receiver refused it; retrying cannot help. */
    REJECTED,
    /** Stopped mid-retry by a shutdown: not delivered and not committed, so it is sent again after a restart. */
    INTERRUPTED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}

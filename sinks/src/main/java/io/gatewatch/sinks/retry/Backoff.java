package io.gatewatch.sinks.retry;

import java.time.Duration;

/**
 * Bounded exponential backoff: retry {@code n} (1-based) waits {@code initial * 2^(n-1)}, capped at
 * {@code max}; after {@code maxRetries} retries the caller gives up and enters a visible failure
 * state. No jitter: sink instances retry against one database, whose recovery they all wait for
 * anyway, and a deterministic schedule keeps the retry budget easy to reason about
 * ({@link #totalDelay()} must stay below the consumer's {@code max.poll.interval.ms}).
 */
public record Backoff(Duration initial, Duration max, int maxRetries) {

    public Backoff {
        if (initial.isNegative() || max.isNegative() || maxRetries < 0) {
            throw new IllegalArgumentException("backoff durations and retries must not be negative");
        }
        if (max.compareTo(initial) < 0) {
            max = initial;
        }
    }

    /** Whether retry number {@code retry} (1-based) is still within the budget. */
    public boolean allowsRetry(int retry) {
        return retry >= 1 && retry <= maxRetries;
    }

    /** Delay before retry number {@code retry} (1-based). */
    public Duration delayBeforeRetry(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries are numbered from 1");
        }
        long capMs = max.toMillis();
        long delay = initial.toMillis();
        for (int i = 1; i < retry && delay < capMs; i++) {
            delay *= 2;
        }
        return Duration.ofMillis(Math.min(delay, capMs));
    }

    /** Sum of every delay if all retries are used: the longest a caller blocks before failing. */
    public Duration totalDelay() {
        Duration total = Duration.ZERO;
        for (int retry = 1; retry <= maxRetries; retry++) {
            total = total.plus(delayBeforeRetry(retry));
        }
        return total;
    }
}

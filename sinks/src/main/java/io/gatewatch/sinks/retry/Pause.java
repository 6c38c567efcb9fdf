package io.gatewatch.sinks.retry;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A wait that a shutdown can cut short: retry loops sleep through {@link #pause(Duration)} and
 * {@link #cancel()} wakes them at once, so closing a sink never waits out a backoff.
 */
public final class Pause {
    private final CountDownLatch cancelled = new CountDownLatch(1);

    /** Waits up to {@code duration}; returns false when cancelled (now or earlier). */
    public boolean pause(Duration duration) {
        try {
            return !cancelled.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void cancel() {
        cancelled.countDown();
    }

    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }
}

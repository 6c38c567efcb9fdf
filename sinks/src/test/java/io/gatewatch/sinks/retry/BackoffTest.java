package io.gatewatch.sinks.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000), 5);

    @Test
    void shouldDoubleTheDelayWithEachRetry() {
        assertThat(backoff.delayBeforeRetry(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delayBeforeRetry(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delayBeforeRetry(3)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void shouldCapTheDelayAtTheMaximum() {
        assertThat(backoff.delayBeforeRetry(5)).isEqualTo(Duration.ofMillis(1_000));
        assertThat(backoff.delayBeforeRetry(60)).isEqualTo(Duration.ofMillis(1_000));
    }

    @Test
    void shouldAllowExactlyTheConfiguredNumberOfRetries() {
        assertThat(backoff.allowsRetry(5)).isTrue();
        assertThat(backoff.allowsRetry(6)).isFalse();
        assertThat(new Backoff(Duration.ZERO, Duration.ZERO, 0).allowsRetry(1)).isFalse();
    }

    @Test
    void shouldSumTheWholeRetryBudget() {
        assertThat(backoff.totalDelay()).isEqualTo(Duration.ofMillis(100 + 200 + 400 + 800 + 1_000));
    }
}

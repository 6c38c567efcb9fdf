package io.gatewatch.sinks.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PauseTest {

    @Test
    void shouldReturnAtOnceWithFalseOnceCancelled() {
        Pause pause = new Pause();
        pause.cancel();

        long started = System.nanoTime();
        boolean completed = pause.pause(Duration.ofMinutes(5));

        assertThat(completed).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldCompleteAShortPauseWhenNotCancelled() {
        assertThat(new Pause().pause(Duration.ofMillis(1))).isTrue();
    }
}

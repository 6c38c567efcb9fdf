package io.gatewatch.producers.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacerTest {
    private static final long SIM_START_MS = 1_669_824_000_000L;

    /** A clock that only moves when the pacer sleeps, recording each sleep. */
    private static final class FakeClock implements Pacer.Clock {
        long now = 1_000_000_000L;
        long slept;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            slept += nanos;
            now += nanos;
        }
    }

    private final FakeClock clock = new FakeClock();

    /** A pacer at {@code eventsPerSecond} (0: unbounded) and {@code speed} times the simulated clock (0: unbounded). */
    private Pacer pacer(double eventsPerSecond, double speed) {
        return new Pacer(eventsPerSecond, speed, SIM_START_MS, clock);
    }

    @Test
    void shouldNeverWaitWhenUnbounded() throws InterruptedException {
        Pacer pacer = pacer(0, 0);

        for (int i = 0; i < 1000; i++) {
            pacer.awaitTurn(i, SIM_START_MS + i * 60_000L);
        }

        assertThat(clock.slept).isZero();
    }

    @Test
    void shouldSpaceRecordsToTheEventRate() throws InterruptedException {
        Pacer pacer = pacer(10, 0);

        for (int i = 0; i <= 50; i++) {
            pacer.awaitTurn(i, SIM_START_MS);
        }

        assertThat(clock.slept).isEqualTo(5_000_000_000L);
    }

    @Test
    void shouldFollowTheSimulatedClockAtTheSpeedFactor() throws InterruptedException {
        Pacer pacer = pacer(0, 60);

        pacer.awaitTurn(0, SIM_START_MS);
        pacer.awaitTurn(1, SIM_START_MS + 3_600_000L);

        assertThat(clock.slept).isEqualTo(60_000_000_000L);
    }

    @Test
    void shouldHonourTheSlowerOfBothLimits() throws InterruptedException {
        Pacer pacer = pacer(1, 3600);

        pacer.awaitTurn(0, SIM_START_MS);
        pacer.awaitTurn(1, SIM_START_MS + 1000L); // the speed allows it at once, the rate after 1 s

        assertThat(clock.slept).isEqualTo(1_000_000_000L);
    }

    @Test
    void shouldCatchUpWithoutWaitingWhenBehind() throws InterruptedException {
        Pacer pacer = pacer(10, 0);
        pacer.awaitTurn(0, SIM_START_MS);
        clock.now += 2_000_000_000L; // a slow broker held us up for 2 s

        pacer.awaitTurn(5, SIM_START_MS);

        assertThat(clock.slept).isZero();
    }

    @Test
    void shouldKeepSimulatedTimeOnTheWallClockWhenStartUpDelaysTheFirstSend() throws InterruptedException {
        Pacer pacer = pacer(0, 1);
        clock.now += 2_000_000_000L; // registering devices and fetching metadata took 2 s

        pacer.awaitTurn(0, SIM_START_MS + 1_000L); // scanned 1 s after the start: already due
        pacer.awaitTurn(1, SIM_START_MS + 3_000L); // scanned 3 s after the start: due 1 s from now

        assertThat(clock.slept).isEqualTo(1_000_000_000L);
    }
}

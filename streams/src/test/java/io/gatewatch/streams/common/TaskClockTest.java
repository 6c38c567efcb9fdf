package io.gatewatch.streams.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskClockTest {
    private static final long WALL = 1_000_000_000L;

    @Test
    void shouldFollowEventTimeWhileABacklogIsReplayedFasterThanRealTime() {
        TaskClock clock = new TaskClock(TaskClock.UNKNOWN, WALL);

        clock.observe(100_000, WALL + 1);
        long now = clock.observe(500_000, WALL + 2);

        assertThat(now).isEqualTo(500_000);
    }

    @Test
    void shouldMoveWithTheWallClockWhenNoScanArrives() {
        TaskClock clock = new TaskClock(TaskClock.UNKNOWN, WALL);
        clock.observe(100_000, WALL);

        long now = clock.tick(WALL + 60_000);

        assertThat(now).isEqualTo(160_000);
    }

    @Test
    void shouldNotMoveBeforeItHasSeenAnyScan() {
        TaskClock clock = new TaskClock(TaskClock.UNKNOWN, WALL);

        clock.tick(WALL + 60_000);

        assertThat(clock.isKnown()).isFalse();
    }

    @Test
    void shouldNotGoBackForAnOlderScan() {
        TaskClock clock = new TaskClock(TaskClock.UNKNOWN, WALL);
        clock.observe(500_000, WALL);

        assertThat(clock.observe(100_000, WALL)).isEqualTo(500_000);
    }

    @Test
    void shouldMoveNoFurtherThanTheWallClockForAFutureDatedScan() {
        TaskClock clock = new TaskClock(TaskClock.UNKNOWN, WALL);

        assertThat(clock.observe(WALL + 86_400_000L, WALL)).isEqualTo(WALL);
    }

    @Test
    void shouldResumeFromThePersistedValueWithoutCountingDowntime() {
        TaskClock restarted = new TaskClock(500_000, WALL + 86_400_000L);

        assertThat(restarted.tick(WALL + 86_400_000L + 1_000)).isEqualTo(501_000);
    }

    @Test
    void shouldBeUnknownWhenTheTaskStoredNoClock() {
        TaskClock restarted = new TaskClock(TaskClock.restored(null), WALL);

        assertThat(restarted.isKnown()).isFalse();
        assertThat(TaskClock.restored(500_000L)).isEqualTo(500_000);
    }

    @Test
    void shouldIgnoreTheWallClockSteppingBack() {
        TaskClock clock = new TaskClock(500_000, WALL);

        clock.tick(WALL - 10_000);

        assertThat(clock.tick(WALL + 1_000)).isEqualTo(501_000);
    }
}

package io.gatewatch.streams.counts;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.WindowSize;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LocalWindowsTest {
    private static final LocalWindows SHANGHAI = new LocalWindows(ZoneId.of("Asia/Shanghai"));
    private static final LocalWindows BERLIN = new LocalWindows(ZoneId.of("Europe/Berlin"));

    @Test
    void shouldStartAShanghaiDayAtLocalMidnightNotAtUtcMidnight() {
        CountWindow day = SHANGHAI.dayOf(Instant.parse("2024-03-10T02:00:00Z").toEpochMilli()); // 10:00 local

        assertThat(Instant.ofEpochMilli(day.start())).isEqualTo(Instant.parse("2024-03-09T16:00:00Z"));
        assertThat(Instant.ofEpochMilli(day.end())).isEqualTo(Instant.parse("2024-03-10T16:00:00Z"));
    }

    @Test
    void shouldPutTheLastMillisecondBeforeLocalMidnightInTheEndingDay() {
        long lastMillis = Instant.parse("2024-03-10T15:59:59.999Z").toEpochMilli(); // 23:59:59.999 local
        long midnight = lastMillis + 1;

        assertThat(SHANGHAI.dayOf(lastMillis).end()).isEqualTo(midnight);
        assertThat(SHANGHAI.dayOf(midnight).start()).isEqualTo(midnight);
    }

    @Test
    void shouldMakeTheSpringForwardDay23HoursAndTheFallBackDay25HoursLong() {
        CountWindow spring = BERLIN.dayOf(Instant.parse("2024-03-31T12:00:00Z").toEpochMilli());
        CountWindow autumn = BERLIN.dayOf(Instant.parse("2024-10-27T12:00:00Z").toEpochMilli());

        assertThat(Duration.ofMillis(spring.end() - spring.start())).isEqualTo(Duration.ofHours(23));
        assertThat(Duration.ofMillis(autumn.end() - autumn.start())).isEqualTo(Duration.ofHours(25));
        assertThat(Instant.ofEpochMilli(spring.start())).isEqualTo(Instant.parse("2024-03-30T23:00:00Z"));
    }

    @Test
    void shouldMakeTheTwoPassesOfARepeatedAutumnHourTwoWindows() {
        long firstPass = Instant.parse("2024-10-27T00:30:00Z").toEpochMilli(); // 02:30 CEST
        long secondPass = Instant.parse("2024-10-27T01:30:00Z").toEpochMilli(); // 02:30 CET

        CountWindow first = BERLIN.hourOf(firstPass);
        CountWindow second = BERLIN.hourOf(secondPass);

        assertThat(first.start()).isEqualTo(Instant.parse("2024-10-27T00:00:00Z").toEpochMilli());
        assertThat(second.start()).isEqualTo(Instant.parse("2024-10-27T01:00:00Z").toEpochMilli());
        assertThat(second.start()).isEqualTo(first.end());
    }

    @Test
    void shouldAlignHoursToLocalClockHoursInAZoneWithAQuarterHourOffset() {
        LocalWindows kathmandu = new LocalWindows(ZoneId.of("Asia/Kathmandu")); // UTC+05:45

        CountWindow hour = kathmandu.hourOf(Instant.parse("2024-03-10T04:30:00Z").toEpochMilli()); // 10:15 local

        assertThat(Instant.ofEpochMilli(hour.start())).isEqualTo(Instant.parse("2024-03-10T04:15:00Z"));
        assertThat(hour.end() - hour.start()).isEqualTo(Duration.ofHours(1).toMillis());
        assertThat(hour.size()).isEqualTo(WindowSize.HOUR);
    }

    @Test
    void shouldCloseAWindowExactlyWhenItsEndPlusGraceIsReached() {
        CountWindow hour = SHANGHAI.hourOf(0);
        long grace = 1_000;

        assertThat(hour.isClosedAt(hour.end() + grace - 1, grace)).isFalse();
        assertThat(hour.isClosedAt(hour.end() + grace, grace)).isTrue();
    }

    @Test
    void shouldGiveEveryInstantItsOwnWindowWhenScansJumpBackAndForthAcrossBoundaries() {
        LocalWindows windows = new LocalWindows(ZoneId.of("Europe/Berlin"));
        long[] instants = {
                Instant.parse("2024-10-27T00:30:00Z").toEpochMilli(), // first pass of the repeated hour
                Instant.parse("2024-10-27T01:30:00Z").toEpochMilli(), // second pass
                Instant.parse("2024-10-27T00:59:59.999Z").toEpochMilli(),
                Instant.parse("2024-10-27T01:00:00Z").toEpochMilli(), // the first pass's end, the second's start
                Instant.parse("2024-10-26T21:59:59.999Z").toEpochMilli(), // 23:59:59.999 local, the day before
                Instant.parse("2024-10-27T12:00:00Z").toEpochMilli(),
                Instant.parse("2024-10-26T22:00:00Z").toEpochMilli()}; // local midnight

        for (long instant : instants) {
            assertThat(windows.windowOf(WindowSize.HOUR, instant)).isEqualTo(BERLIN.hourOf(instant));
            assertThat(windows.windowOf(WindowSize.DAY, instant)).isEqualTo(BERLIN.dayOf(instant));
        }
    }
}

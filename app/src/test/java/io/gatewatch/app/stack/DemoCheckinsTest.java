package io.gatewatch.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.producers.sim.ScenarioConfig;
import io.gatewatch.schema.CheckinSchedule;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's check-in deadlines: one a minute, so a demo of a minute has a slot to decide. */
class DemoCheckinsTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void shouldCloseACheckinSlotEveryMinute() {
        CheckinSchedule schedule = CheckinSchedule.parse(LocalStack.DEMO_CHECKIN_SLOTS, SHANGHAI);

        assertThat(schedule.deadlines()).hasSize(24 * 60 - 1).startsWith(LocalTime.of(0, 1)).endsWith(LocalTime.of(23, 59));
        assertThat(schedule.slotOf(Instant.parse("2026-12-06T04:34:56Z")).orElseThrow().due())
                .isEqualTo(Instant.parse("2026-12-06T04:35:00Z"));
    }

    @Test
    void shouldBeAScheduleTheSimulatorTakes() {
        ScenarioConfig config = new ScenarioConfig(Map.of(ScenarioConfig.CHECKIN_SCHEDULE, LocalStack.DEMO_CHECKIN_SLOTS));

        assertThat(config.checkinSchedule().deadlines()).hasSize(24 * 60 - 1);
    }
}

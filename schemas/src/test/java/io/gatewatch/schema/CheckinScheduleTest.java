package io.gatewatch.schema;

import static io.gatewatch.schema.testing.ObservationEntryBuilder.anObservation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckinScheduleTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final CheckinSchedule TWICE_A_DAY = CheckinSchedule.parse("10:00, 18:00", SHANGHAI);

    private static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(SHANGHAI).toInstant();
    }

    private static ObservationPeriod home(String from, String to) {
        return new ObservationPeriod(ObservationKind.HOME, LocalDate.parse(from).atStartOfDay(SHANGHAI).toInstant(),
                LocalDate.parse(to).plusDays(1).atStartOfDay(SHANGHAI).toInstant());
    }

    private static List<String> ids(List<CheckinSchedule.Slot> slots) {
        return slots.stream().map(CheckinSchedule.Slot::id).toList();
    }

    @Test
    void a_morning_report_fills_the_first_slot_and_an_afternoon_report_the_second() {
        assertThat(TWICE_A_DAY.slotOf(local("2026-12-06T07:30")).orElseThrow().id()).isEqualTo("2026-12-06#0");
        assertThat(TWICE_A_DAY.slotOf(local("2026-12-06T10:00")).orElseThrow().id()).isEqualTo("2026-12-06#1");
        assertThat(TWICE_A_DAY.slotOf(local("2026-12-06T00:00")).orElseThrow().id()).isEqualTo("2026-12-06#0");
    }

    @Test
    void a_report_after_the_last_deadline_fills_no_slot() {
        assertThat(TWICE_A_DAY.slotOf(local("2026-12-06T18:00"))).isEmpty();
        assertThat(TWICE_A_DAY.slotOf(local("2026-12-06T23:59"))).isEmpty();
    }

    @Test
    void slots_owed_across_local_midnight_are_listed_oldest_first() {
        List<CheckinSchedule.Slot> owed = TWICE_A_DAY.owed(home("2026-12-01", "2026-12-14"), local("2026-11-30T12:00"),
                local("2026-12-06T12:00"), local("2026-12-07T12:00"));

        assertThat(ids(owed)).containsExactly("2026-12-06#1", "2026-12-07#0");
        assertThat(owed.get(1).due()).isEqualTo(Instant.parse("2026-12-07T02:00:00Z"));
    }

    @Test
    void slots_outside_the_period_are_not_owed() {
        List<CheckinSchedule.Slot> owed = TWICE_A_DAY.owed(home("2026-12-06", "2026-12-06"), local("2026-12-01T00:00"),
                local("2026-12-05T00:00"), local("2026-12-08T00:00"));

        assertThat(ids(owed)).containsExactly("2026-12-06#0", "2026-12-06#1");
    }

    @Test
    void a_slot_that_closed_before_the_entry_was_known_is_not_owed() {
        List<CheckinSchedule.Slot> owed = TWICE_A_DAY.owed(home("2026-12-06", "2026-12-14"), local("2026-12-06T14:00"),
                local("2026-12-06T00:00"), local("2026-12-06T23:00"));

        assertThat(ids(owed)).containsExactly("2026-12-06#1");
    }

    @Test
    void central_observation_owes_no_check_ins() {
        ObservationPeriod central = new ObservationPeriod(ObservationKind.CENTRAL, local("2026-12-01T00:00"), local("2026-12-15T00:00"));

        assertThat(TWICE_A_DAY.owed(central, local("2026-11-30T00:00"), local("2026-12-01T00:00"), local("2026-12-15T00:00"))).isEmpty();
    }

    @Test
    void a_released_person_owes_nothing_from_the_release_day() {
        ObservationPeriod released = ObservationPeriod.of(anObservation().withPersonToken("t").inVillage("330127101201")
                .from(LocalDate.parse("2026-12-01")).to(LocalDate.parse("2026-12-14")).releasedOn(LocalDate.parse("2026-12-06")).build(),
                SHANGHAI);

        assertThat(ids(TWICE_A_DAY.owed(released, local("2026-11-30T00:00"), local("2026-12-05T12:00"), local("2026-12-07T00:00"))))
                .containsExactly("2026-12-05#1");
    }

    @Test
    void deadlines_must_be_increasing_times_after_midnight() {
        assertThatThrownBy(() -> CheckinSchedule.parse("18:00,10:00", SHANGHAI)).hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> CheckinSchedule.parse("00:00", SHANGHAI)).hasMessageContaining("empty slot");
        assertThatThrownBy(() -> CheckinSchedule.parse("ten", SHANGHAI)).hasMessageContaining("'ten'");
    }
}

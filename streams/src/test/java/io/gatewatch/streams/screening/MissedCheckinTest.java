package io.gatewatch.streams.screening;

import static io.gatewatch.schema.testing.ScanEventBuilder.token;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.T0_DAY;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.VILLAGE_1;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aCentralObservation;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aHomeObservation;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aScan;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Severity;
import io.gatewatch.schema.Topics;
import io.gatewatch.streams.screening.testsupport.ScreeningDriver;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * MISSED_CHECKIN with the default schedule (reports by 10:00 and by 18:00 Asia/Shanghai, 30 min
 * grace). The driver's wall clock starts at 16:05 local on 2024-01-15, the first day of the default
 * observation, so the watchlist entry becomes known then: the morning slot of that day closed before
 * anyone told the person to report, the evening one (due 18:00) is owed.
 */
class MissedCheckinTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Instant EVENING_DUE = local(T0_DAY, "18:00");
    private static final Instant NEXT_MORNING_DUE = local(T0_DAY.plusDays(1), "10:00");
    @AutoClose
    private ScreeningDriver screening = ScreeningDriver.start();

    @Test
    void shouldRaiseAMissedCheckinForTheVillageOnceTheDeadlineAndGraceHavePassed() {
        // Given zhang-san under home observation, who never reports
        screening.watch(aHomeObservation().of("zhang-san").inVillage(VILLAGE_1).build());

        // When the clock passes 18:00 but not yet the grace, then 18:30
        advanceTo(local(T0_DAY, "18:29"));
        assertThat(screening.alerts(Topics.ALERTS_OBSERVATION)).isEmpty();
        advanceTo(local(T0_DAY, "18:31"));

        // Then one MISSED_CHECKIN for the evening slot, for his village's grid worker
        List<TestRecord<String, ScreeningAlert>> missed = screening.alertRecords(Topics.ALERTS_OBSERVATION);
        assertThat(missed).hasSize(1);
        assertThat(missed.get(0).key()).isEqualTo(VILLAGE_1);
        assertThat(missed.get(0).timestamp()).isEqualTo(EVENING_DUE.toEpochMilli());
        ScreeningAlert alert = missed.get(0).value();
        assertThat(alert.getAlertId()).isEqualTo(token("zhang-san") + "/MISSED_CHECKIN/" + EVENING_DUE.toEpochMilli());
        assertThat(alert.getType()).isEqualTo(AlertType.MISSED_CHECKIN);
        assertThat(alert.getSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.getSource()).isEqualTo(ScanSource.STAFF_ENTRY);
        assertThat(alert.getScannedAt()).isEqualTo(EVENING_DUE);
        assertThat(alert.getPersonToken()).isEqualTo(token("zhang-san"));
        assertThat(alert.getRule()).contains("10:00 and 18:00 on 2024-01-15");
    }

    @Test
    void shouldRaiseNothingWhenTheSlotHasAReport() {
        screening.watch(aHomeObservation().of("zhang-san").build());

        advanceTo(local(T0_DAY, "17:00"));
        screening.send(report("zhang-san", local(T0_DAY, "16:55")));
        advanceTo(local(T0_DAY, "18:45"));

        assertThat(screening.alerts(Topics.ALERTS_OBSERVATION)).isEmpty();
    }

    @Test
    void shouldCountAReportUploadedLateWithinTheGrace() {
        screening.watch(aHomeObservation().of("zhang-san").build());

        // a report made at 17:50, uploaded at 18:20
        advanceTo(local(T0_DAY, "18:20"));
        screening.send(report("zhang-san", local(T0_DAY, "17:50")));
        advanceTo(local(T0_DAY, "18:45"));

        assertThat(screening.alerts(Topics.ALERTS_OBSERVATION)).isEmpty();
    }

    @Test
    void shouldFillTheSlotWithAReportSentBeforeTheWatchlistEntryArrived() {
        // Given zhang-san's 16:05 report, processed just before his entry
        screening.send(report("zhang-san", local(T0_DAY, "16:05")));
        screening.advance(Duration.ofMinutes(1));
        screening.watch(aHomeObservation().of("zhang-san").build());

        advanceTo(local(T0_DAY, "18:45"));

        assertThat(screening.alerts(Topics.ALERTS_OBSERVATION)).isEmpty();
    }

    @Test
    void shouldRaiseAFeverForAFeverishCheckinAsForAnyScan() {
        screening.watch(aHomeObservation().of("zhang-san").build());

        advanceTo(local(T0_DAY, "17:00"));
        screening.send(aScan().from(ScanSource.PHONE_APP).fromDevice("app-zhang").inVillage(VILLAGE_1).of("zhang-san")
                .withTemperature(38.2).at(local(T0_DAY, "16:58")).build());
        advanceTo(local(T0_DAY, "18:45"));

        assertThat(screening.alerts(Topics.ALERTS_FEVER)).extracting(ScreeningAlert::getType).containsExactly(AlertType.FEVER);
        assertThat(screening.alerts(Topics.ALERTS_OBSERVATION)).isEmpty();
    }

    @Test
    void shouldCountAReportJustAfterLocalMidnightForTheMorningButNotOneJustBefore() {
        // Given two people under observation who both report in the evening
        screening.watch(aHomeObservation().of("zhang-san").build(), aHomeObservation().of("li-si").build());
        advanceTo(local(T0_DAY, "17:00"));
        screening.send(report("zhang-san", local(T0_DAY, "16:59")), report("li-si", local(T0_DAY, "16:59")));

        // When zhang-san reports at 23:50 and li-si at 00:10 the next day
        advanceTo(local(T0_DAY, "23:50"));
        screening.send(report("zhang-san", local(T0_DAY, "23:50")));
        advanceTo(local(T0_DAY.plusDays(1), "00:10"));
        screening.send(report("li-si", local(T0_DAY.plusDays(1), "00:10")));
        advanceTo(local(T0_DAY.plusDays(1), "10:31"));

        // Then only zhang-san missed the morning slot: a report after the day's last deadline fills none
        assertThat(screening.alerts(Topics.ALERTS_OBSERVATION)).extracting(ScreeningAlert::getAlertId)
                .containsExactly(token("zhang-san") + "/MISSED_CHECKIN/" + NEXT_MORNING_DUE.toEpochMilli());
    }

    /**
     * At-least-once: the test driver keeps no changelog offsets, so under exactly-once a restarted
     * task finds its local state without them, declares it corrupt and would restore from the
     * changelogs, which the driver cannot. The decisions under test live in the local state either
     * way; ObservationIT restarts under exactly-once on a real broker.
     */
    @Test
    void shouldDecideEachSlotExactlyOnceAcrossRestarts() {
        screening.close();
        screening = ScreeningDriver.startAtLeastOnce();
        // Given zhang-san on the watchlist, and an instance that stops an hour before the deadline
        screening.watch(aHomeObservation().of("zhang-san").build());
        advanceTo(local(T0_DAY, "17:00"));
        screening = screening.restart();

        // When the restarted instance runs past the deadline and grace, and restarts again
        advanceTo(local(T0_DAY, "18:31"));
        List<ScreeningAlert> first = screening.alerts(Topics.ALERTS_OBSERVATION);
        screening = screening.restart();
        advanceTo(local(T0_DAY, "20:00"));

        // Then the evening slot was missed once: not lost to the restart, not repeated after it
        assertThat(first).extracting(ScreeningAlert::getAlertId)
                .containsExactly(token("zhang-san") + "/MISSED_CHECKIN/" + EVENING_DUE.toEpochMilli());
        assertThat(screening.alerts(Topics.ALERTS_OBSERVATION)).isEmpty();
    }

    @Test
    void shouldStopWhenTheObservationEndsAndForgetThePersonAfterwards() {
        // Given a one-day observation, T0's day only
        screening.watch(aHomeObservation().of("zhang-san").to(T0_DAY).build());

        // When the clock runs through the next day and past the late-arrival span
        advanceTo(local(T0_DAY.plusDays(1), "19:00"));

        // Then only that day's evening slot was owed
        assertThat(screening.alerts(Topics.ALERTS_OBSERVATION)).extracting(ScreeningAlert::getAlertId)
                .containsExactly(token("zhang-san") + "/MISSED_CHECKIN/" + EVENING_DUE.toEpochMilli());
        KeyValueStore<String, ?> watchlist = screening.driver.getKeyValueStore(ScreeningNames.OBSERVATION_WATCHLIST_STORE);
        assertThat(watchlist.get(token("zhang-san"))).isNotNull();
        advanceTo(local(T0_DAY.plusDays(2), "00:11"));
        assertThat(watchlist.get(token("zhang-san"))).isNull();
    }

    @Test
    void shouldStopWhenThePersonIsReleased() {
        screening.watch(aHomeObservation().of("zhang-san").build());
        advanceTo(local(T0_DAY, "18:31"));
        screening.alerts(Topics.ALERTS_OBSERVATION);

        screening.watch(aHomeObservation().of("zhang-san").releasedOn(T0_DAY.plusDays(1)).build());
        advanceTo(local(T0_DAY.plusDays(1), "18:31"));

        assertThat(screening.alerts(Topics.ALERTS_OBSERVATION)).isEmpty();
    }

    @Test
    void shouldForgetAPersonErasedFromTheWatchlist() {
        screening.watch(aHomeObservation().of("zhang-san").build());

        screening.erase(token("zhang-san"));
        advanceTo(local(T0_DAY, "18:31"));

        assertThat(screening.alerts(Topics.ALERTS_OBSERVATION)).isEmpty();
    }

    @Test
    void shouldNotAskCentralObservationForCheckins() {
        screening.watch(aCentralObservation().of("zhang-san").build());

        advanceTo(local(T0_DAY.plusDays(1), "18:31"));

        assertThat(screening.alerts(Topics.ALERTS_OBSERVATION)).isEmpty();
    }

    /** Moves the wall clock to {@code time} in minute steps, as the punctuation would see it run. */
    private void advanceTo(Instant time) {
        while (screening.clock.instant().isBefore(time)) {
            Duration step = Duration.between(screening.clock.instant(), time);
            screening.advance(step.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : step);
        }
    }

    private static Instant local(LocalDate day, String time) {
        return day.atTime(LocalTime.parse(time)).atZone(SHANGHAI).toInstant();
    }

    private static io.gatewatch.schema.ScanEvent report(String person, Instant at) {
        return aScan().from(ScanSource.PHONE_APP).fromDevice("app-" + person).inVillage(VILLAGE_1).of(person).at(at).build();
    }
}

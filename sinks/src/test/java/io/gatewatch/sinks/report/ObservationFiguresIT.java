package io.gatewatch.sinks.report;

import static io.gatewatch.sinks.report.ReportScenario.COUNTY;
import static io.gatewatch.sinks.report.ReportScenario.D0;
import static io.gatewatch.sinks.report.ReportScenario.D1;
import static io.gatewatch.sinks.report.ReportScenario.D2;
import static io.gatewatch.sinks.report.ReportScenario.T1;
import static io.gatewatch.sinks.report.ReportScenario.V11;
import static io.gatewatch.sinks.report.ReportScenario.V12;
import static io.gatewatch.sinks.report.ReportScenario.V21;
import static io.gatewatch.sinks.report.ReportScenario.X;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.junit.PostgresExtension;
import io.gatewatch.sinks.jdbc.SinkSchema;
import io.gatewatch.sinks.testing.SqlRows;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 17: medical observation per village and local day in the report, over {@link ReportScenario}'s
 * counts plus a watchlist and observation alerts, in a real PostgreSQL migrated by the sink.
 */
class ObservationFiguresIT {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension(SinkSchema::migrate);

    private static ReportGenerator generator;

    @BeforeAll
    static void watchlistAndAlerts() throws Exception {
        ReportScenario.standard().write(POSTGRES.dataSource());
        givenObservation("running", "HOME", V11, D0, D2.plusDays(1), null);
        givenObservation("released-on-29th", "HOME", V11, D1, D2.plusDays(10), D2);
        givenObservation("released-before-starting", "HOME", V11, D1, D2.plusDays(10), D1);
        givenObservation("central-from-29th", "CENTRAL", V12, D2, D2.plusDays(13), null);
        givenObservation("ended-27th", "HOME", V12, D0.minusDays(10), D0, null);
        givenObservation("other-township", "HOME", V21, D1, D2, null);
        givenObservation("other-county", "HOME", X, D1, D2, null);
        // 23:30 on the 28th and 00:10 on the 29th, Asia/Shanghai
        givenAlert("B1", "OBSERVATION_BREACH", V11, "2026-11-28T15:30:00Z");
        givenAlert("B2", "OBSERVATION_BREACH", V11, "2026-11-28T16:10:00Z");
        givenAlert("M1", "MISSED_CHECKIN", V12, "2026-11-29T02:00:01Z");
        generator = new ReportGenerator(POSTGRES.dataSource(), ReportScenario.NOW);
    }

    private static DayReport day(String area, LocalDate date) {
        return generator.generate(ReportQuery.forDay(date, area)).days().get(0);
    }

    @Test
    void shouldCountPersonsUnderObservationStartedAndReleasedPerVillageByTheObservationPeriodRule() {
        // 28th: two at home in V11, one of them new that day (released before starting: never under observation);
        // V12's home observation ended on the 27th, so its person is released on the 28th.
        assertThat(day(T1, D1).observations()).containsExactly(
                java.util.Map.entry(V11, new ObservationFigures(2, 0, 1, 0, 1, 0)),
                java.util.Map.entry(V12, new ObservationFigures(0, 0, 0, 1, 0, 0)));
        // 29th: the release day is free; central observation starts in V12.
        assertThat(day(T1, D2).observations()).containsExactly(
                java.util.Map.entry(V11, new ObservationFigures(1, 0, 0, 1, 1, 0)),
                java.util.Map.entry(V12, new ObservationFigures(0, 1, 1, 0, 0, 1)));
    }

    @Test
    void shouldAddTheVillagesUpToTheAreaAndKeepOtherAreasOut() {
        assertThat(day(T1, D1).observationTotal()).isEqualTo(new ObservationFigures(2, 0, 1, 1, 1, 0));
        assertThat(day(COUNTY, D1).observationTotal()).isEqualTo(new ObservationFigures(3, 0, 2, 1, 1, 0));
        assertThat(day(V21, D2).observations()).containsOnlyKeys(V21);
    }

    @Test
    void shouldCountAnAlertInTheLocalDayOfItsTime() {
        assertThat(day(V11, D1).observationTotal().breaches()).isEqualTo(1);
        assertThat(day(V11, D2).observationTotal().breaches()).isEqualTo(1);
    }

    @Test
    void shouldStateTheFiguresInTheSeedsWordsInChineseAndEnglish() {
        Report report = generator.generate(ReportQuery.forDay(D1, T1));

        assertThat(Renderer.render(report, ReportFormat.MARKDOWN, Language.ZH))
                .contains("居家医学观察2人,集中隔离医学观察0人,新增1人,解除1人;擅自外出1次,未按时报告体温0次。");
        assertThat(Renderer.render(report, ReportFormat.HTML, Language.EN))
                .contains("Under home medical observation (居家医学观察): 2; under central medical observation (集中隔离医学观察): 0; "
                        + "started (新增): 1; released (解除): 1 (persons). Left home without permission (擅自外出): 1; "
                        + "temperature check-ins missed (未按时报告体温): 0 (times).");
    }

    @Test
    void shouldWriteTheFiguresOfTheAreaAndEachVillageUnderStableCsvKeys() {
        String csv = Renderer.render(generator.generate(ReportQuery.forDay(D2, T1)), ReportFormat.CSV, Language.ZH);

        assertThat(csv).contains("observation,2026-11-29,330110101,,home_observation,居家医学观察(人),1\r\n")
                .contains("observation,2026-11-29,330110101,,observation_released,解除(人),1\r\n")
                .contains("observation,2026-11-29,330110101," + V12 + ",central_observation,集中隔离医学观察(人),1\r\n")
                .contains("observation,2026-11-29,330110101," + V12 + ",missed_checkins,未按时报告体温(次),1\r\n")
                .contains("observation,2026-11-29,330110101," + V11 + ",observation_breaches,擅自外出(次),1\r\n");
    }

    private static void givenObservation(String token, String kind, String village, LocalDate from, LocalDate to,
                                         LocalDate releasedOn) throws Exception {
        SqlRows.execute(POSTGRES.dataSource(), "INSERT INTO observation (person_token, kind, village_code, from_date, to_date, "
                + "released_on, updated_at) VALUES ('" + token + "', '" + kind + "', '" + village + "', '" + from + "', '" + to
                + "', " + (releasedOn == null ? "NULL" : "'" + releasedOn + "'") + ", now())");
    }

    private static void givenAlert(String alertId, String type, String village, String scannedAt) throws Exception {
        SqlRows.execute(POSTGRES.dataSource(), "INSERT INTO alert (alert_id, alert_type, severity, severity_rank, rule, event_id, "
                + "source, device_id, checkpoint_id, village_code, person_token, scanned_at, detected_at, kafka_topic, "
                + "kafka_partition, kafka_offset) VALUES ('" + alertId + "', '" + type + "', 'CRITICAL', 3, 'r', 'e-" + alertId
                + "', 'GATE_DEVICE', 'D-OBS', 'CP-OBS', '" + village + "', 'tok', '" + scannedAt + "', now(), 't', 0, 0)");
    }
}

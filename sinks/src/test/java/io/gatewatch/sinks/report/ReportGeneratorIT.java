package io.gatewatch.sinks.report;

import static io.gatewatch.sinks.report.ReportScenario.COUNTY;
import static io.gatewatch.sinks.report.ReportScenario.D0;
import static io.gatewatch.sinks.report.ReportScenario.D1;
import static io.gatewatch.sinks.report.ReportScenario.D2;
import static io.gatewatch.sinks.report.ReportScenario.D3;
import static io.gatewatch.sinks.report.ReportScenario.T1;
import static io.gatewatch.sinks.report.ReportScenario.T2;
import static io.gatewatch.sinks.report.ReportScenario.V11;
import static io.gatewatch.sinks.report.ReportScenario.V12;
import static io.gatewatch.sinks.report.ReportScenario.V21;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The generator against a real PostgreSQL migrated by the sink's Flyway scripts, over {@link ReportScenario}. */
class ReportGeneratorIT {
    private static final ReportScenario SCENARIO = ReportScenario.standard();
    @RegisterExtension
    static final ScenarioDatabase DATABASE = new ScenarioDatabase(SCENARIO);

    private static DayReport day(String area, LocalDate date) {
        return DATABASE.generator().generate(ReportQuery.forDay(date, area)).days().get(0);
    }

    @Test
    void shouldStateEveryDailyFigureOfEveryAreaExactlyAsStored() {
        for (String area : List.of(COUNTY, T1, T2, V11, V12, V21)) {
            for (LocalDate date : List.of(D1, D2)) {
                DayReport day = day(area, date);
                Figures expected = SCENARIO.expected(area, date);

                assertThat(day.figures()).as("%s %s", area, date).isPresent();
                Figures actual = day.figures().get().figures();
                for (Measure measure : Measure.values()) {
                    Long want = measure == Measure.DISTINCT_PERSONS
                            ? SCENARIO.storedDistinct(levelOf(area), area, date) : measure.of(expected);
                    assertThat(measure.of(actual)).as("%s %s %s", area, date, measure).isEqualTo(want);
                }
                assertThat(day.figures().get().isFinal()).isEqualTo(ReportScenario.isFinal(date));
            }
        }
    }

    @Test
    void shouldCountARowAtLocalMidnightInTheLocalDayItStarts() {
        // 2026-11-28T16:00Z is 2026-11-29 00:00 in Asia/Shanghai: its 7 scans belong to the 29th.
        assertThat(day(V11, D1).figures().get().figures().scans()).isEqualTo(3 + 40 + 25 + 2);
        assertThat(day(V11, D2).figures().get().figures().scans()).isEqualTo(7 + 20);
        assertThat(day(V11, D2).hours().get(0).start().toInstant()).isEqualTo(Instant.parse("2026-11-28T16:00:00Z"));
        assertThat(day(V11, D2).hours().get(0).figures().map(Figures::scans)).contains(7L);
        // ... and 2026-11-28T15:00Z (23:00 local) is the last hour of the 28th.
        assertThat(day(V21, D1).hours().get(23).figures().map(Figures::scans)).contains(12L);
    }

    @Test
    void shouldSayNoDataForADayWithoutStoredFiguresRatherThanZeros() {
        Report report = DATABASE.generator().generate(ReportQuery.between(D2, D3, T1));

        DayReport empty = report.days().get(1);
        assertThat(empty.date()).isEqualTo(D3);
        assertThat(empty.hasData()).isFalse();
        assertThat(empty.checkpoints()).isEmpty();
        assertThat(empty.hours()).isEmpty();
        assertThat(empty.change(Measure.SCANS)).isEmpty();
        // The range's cumulative figure still stands: it is the 29th's.
        assertThat(empty.cumulative().map(Figures::scans)).contains(SCENARIO.expected(T1, D2).scans());
        assertThat(empty.daysWithData()).isEqualTo(1);
    }

    @Test
    void shouldRollPartsUpToExactlyTheStoredFigureOfTheirArea() {
        for (String area : List.of(COUNTY, T1, T2)) {
            for (LocalDate date : List.of(D1, D2)) {
                DayReport day = day(area, date);
                Figures parts = day.subAreas().stream().map(SubAreaFigures::figures).reduce(Figures::plus).orElseThrow();
                for (Measure measure : Measure.values()) {
                    if (measure != Measure.DISTINCT_PERSONS) {
                        assertThat(measure.of(parts)).as("%s %s %s", area, date, measure)
                                .isEqualTo(measure.of(day.figures().get().figures()));
                    }
                }
            }
        }
        assertThat(day(COUNTY, D1).subAreas()).extracting(SubAreaFigures::areaCode).containsExactly(T1, T2);
        assertThat(day(T1, D1).subAreas()).extracting(SubAreaFigures::areaCode).containsExactly(V11, V12);
    }

    @Test
    void shouldItemiseCheckpointsThatAddUpToTheirTownship() {
        DayReport day = day(T1, D1);

        assertThat(day.checkpoints()).extracting(CheckpointFigures::checkpointId)
                .containsExactlyInAnyOrder("CP-V11-1", "CP-V11-2", "CP-V12-1", "CLINIC-330110101");
        for (CheckpointFigures checkpoint : day.checkpoints()) {
            assertThat(checkpoint.figures().scans()).as(checkpoint.checkpointId())
                    .isEqualTo(SCENARIO.expectedAtCheckpoint(checkpoint.checkpointId(), D1).scans());
            assertThat(checkpoint.figures().fevers()).isEqualTo(SCENARIO.expectedAtCheckpoint(checkpoint.checkpointId(), D1).fevers());
            assertThat(checkpoint.sharedWithOtherAreas()).isFalse();
        }
        Figures sum = day.checkpoints().stream().map(CheckpointFigures::figures).reduce(Figures::plus).orElseThrow();
        assertThat(sum.scans()).isEqualTo(day.figures().get().figures().scans());
        assertThat(sum.fevers()).isEqualTo(day.figures().get().figures().fevers());
        assertThat(day.unitemisedScans()).isZero();
    }

    @Test
    void shouldCountOnlyGatesAsCheckpointsOperatingAndListClinicsApart() {
        // Given township T1 on the 28th: three gate checkpoints with scans and a clinic reporting under its own id
        DayReport day = day(T1, D1);

        assertThat(day.operatingCheckpoints()).isEqualTo(3);
        assertThat(day.otherReportingPoints()).isEqualTo(Map.of("CLINIC", 1L));
        assertThat(day.checkpoints()).filteredOn(c -> c.checkpointId().startsWith("CLINIC"))
                .extracting(CheckpointFigures::kind).containsExactly("CLINIC");
    }

    @Test
    void shouldMarkSharedCheckpointsAndStateTheScansNotItemised() {
        DayReport village = day(V12, D1);
        assertThat(village.checkpoints()).filteredOn(CheckpointFigures::sharedWithOtherAreas)
                .extracting(CheckpointFigures::checkpointId).containsExactly("CLINIC-330110101");
        // V12's own clinic scan (1) sits in the shared clinic's row, so it is not itemised.
        assertThat(village.unitemisedScans()).isEqualTo(1);

        // The phone-app client is neither registered nor alerted: its 4 scans cannot be placed.
        DayReport township = day(T2, D1);
        assertThat(township.checkpoints()).extracting(CheckpointFigures::checkpointId)
                .containsExactly("CP-V21-1", "PHARM-330110102");
        assertThat(township.unitemisedScans()).isEqualTo(4);
    }

    @Test
    void shouldAccumulateOverTheRangeAndCompareWithThePreviousLocalDay() {
        Report report = DATABASE.generator().generate(ReportQuery.between(D1, D2, V11));
        DayReport first = report.days().get(0);
        DayReport second = report.days().get(1);

        assertThat(first.change(Measure.SCANS)).contains(SCENARIO.expected(V11, D1).scans() - SCENARIO.expected(V11, D0).scans());
        assertThat(second.change(Measure.FEVERS)).contains(SCENARIO.expected(V11, D2).fevers() - SCENARIO.expected(V11, D1).fevers());
        assertThat(second.change(Measure.DISTINCT_PERSONS)).contains(
                SCENARIO.storedDistinct("VILLAGE", V11, D2) - SCENARIO.storedDistinct("VILLAGE", V11, D1));
        Figures both = SCENARIO.expected(V11, D1).plus(SCENARIO.expected(V11, D2));
        for (Measure measure : Measure.values()) {
            assertThat(measure.of(second.cumulative().orElseThrow())).as(measure.key()).isEqualTo(measure.of(both));
        }
        assertThat(first.cumulative().orElseThrow().distinctPersons()).isEqualTo(SCENARIO.storedDistinct("VILLAGE", V11, D1));
        assertThat(report.total().map(Figures::vehicles)).contains(both.vehicles());
        // Township 2 stored nothing on the 27th: no change is stated for the 28th.
        assertThat(day(T2, D1).change(Measure.SCANS)).isEmpty();
    }

    @Test
    void shouldTellWhereFeversWereFoundFromTheFeverAlerts() {
        FeverAlerts township = day(T1, D1).feverAlerts();
        assertThat(township.bySource()).isEqualTo(Map.of("GATE_DEVICE", 3L, "CLINIC", 3L));
        assertThat(township.total()).isEqualTo(day(T1, D1).figures().get().figures().fevers());

        // The late fever scan of the 29th was alerted but never counted.
        DayReport late = day(T2, D2);
        assertThat(late.feverAlerts().total()).isEqualTo(late.figures().get().figures().fevers() + 1);
    }

    @Test
    void shouldListOperatingAndSilentCheckpointsOfTheDay() {
        DayReport first = day(T2, D1);
        assertThat(first.operatingCheckpoints()).as("the one gate with scans; the pharmacy is no checkpoint").isEqualTo(1);
        assertThat(first.otherReportingPoints()).isEqualTo(Map.of("PHARMACY", 1L));
        assertThat(first.registeredCheckpoints()).isEqualTo(2);
        assertThat(first.silentCheckpoints()).containsExactly(new SilentCheckpoint("CP-V21-2", V21, List.of("GW-V21-2-1")));

        DayReport second = day(T2, D2);
        assertThat(second.registeredCheckpoints()).isEqualTo(3);
        assertThat(second.silentCheckpoints()).extracting(SilentCheckpoint::checkpointId).containsExactly("CP-V21-NEW");

        // The retired device's checkpoint is not a silent gate.
        assertThat(day(V12, D1).silentCheckpoints()).isEmpty();
        assertThat(day(V12, D1).registeredCheckpoints()).isEqualTo(1);
    }

    @Test
    void shouldRankVillagesByFeversAndByNonGreenCodes() {
        Report report = DATABASE.generator().generate(ReportQuery.forDay(D1, COUNTY).withTopVillages(2));
        DayReport day = report.days().get(0);

        assertThat(day.topByFevers()).containsExactly(new VillageRank(1, V11, 3), new VillageRank(1, V12, 3));
        assertThat(day(COUNTY, D1).topByFevers()).extracting(VillageRank::villageCode).containsExactly(V11, V12, V21);
        assertThat(day(COUNTY, D1).topByNonGreen()).containsExactly(
                new VillageRank(1, V11, 4), new VillageRank(2, V21, 2), new VillageRank(3, V12, 1));
    }

    @Test
    void shouldListDevicesWithFaultAlertsForScansOfTheDay() {
        assertThat(day(V12, D2).faultyDevices()).containsExactly(new FaultyDevice("GW-V12-1-1", "CP-V12-1", V12, 3, 1, 2, 1));
        assertThat(day(V12, D2).implausibleReadings()).isEqualTo(2);
        assertThat(day(V12, D2).unreadableCodes()).isEqualTo(1);
        assertThat(day(V11, D1).faultyDevices()).extracting(FaultyDevice::deviceId)
                .containsExactly("GW-V11-1-1", "GW-V11-2-1");
    }

    @Test
    void shouldReadTheHourlyCurveInLocalClockHours() {
        List<HourFigures> hours = day(V11, D1).hours();

        assertThat(hours).hasSize(24);
        assertThat(hours.get(0).start()).isEqualTo(D1.atStartOfDay(ReportScenario.ZONE));
        for (HourFigures hour : hours) {
            Figures expected = SCENARIO.expectedInHour(V11, hour.start().toLocalDateTime());
            if (expected.scans() == 0) {
                assertThat(hour.figures()).as(hour.start().toString()).isEmpty();
            } else {
                assertThat(hour.figures().map(Figures::scans)).as(hour.start().toString()).contains(expected.scans());
                assertThat(hour.figures().map(Figures::fevers)).contains(expected.fevers());
            }
        }
    }

    @Test
    void shouldSumTheCountiesOfAProvinceAndNotStateItsDistinctPersons() {
        DayReport day = day("33", D1);

        Figures figures = day.figures().orElseThrow().figures();
        assertThat(figures.scans()).isEqualTo(SCENARIO.expected("33", D1).scans());
        assertThat(figures.fevers()).isEqualTo(SCENARIO.expected("33", D1).fevers());
        assertThat(figures.distinctPersons()).isNull();
        assertThat(day.figures().get().rows()).isEqualTo(2);
        assertThat(day.subAreas()).extracting(SubAreaFigures::areaCode).containsExactly(COUNTY, ReportScenario.OTHER_COUNTY);
    }

    @Test
    void shouldWarnWhenStoredDaysFollowAnotherTimeZone() throws Exception {
        try (Connection connection = DATABASE.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO area_count VALUES ('VILLAGE', '" + V21 + "', 'DAY', '2026-12-05T00:00:00Z', "
                    + "'2026-12-06T00:00:00Z', 'UTC', 5, 5, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, true, now(), 't', 0, 0)");
        }

        Report report = DATABASE.generator().generate(ReportQuery.forDay(LocalDate.of(2026, 12, 5), V21));

        assertThat(report.days().get(0).hasData()).isFalse();
        assertThat(report.warnings()).containsExactly(new ReportWarning(ReportWarning.OTHER_ZONE, "UTC"));
        assertThat(DATABASE.generator().generate(ReportQuery.forDay(D1, V21)).warnings()).isEmpty();
    }

    private static String levelOf(String area) {
        return switch (area.length()) {
            case 6 -> "COUNTY";
            case 9 -> "TOWNSHIP";
            default -> "VILLAGE";
        };
    }

}

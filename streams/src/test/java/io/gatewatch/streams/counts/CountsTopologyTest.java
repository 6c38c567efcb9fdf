package io.gatewatch.streams.counts;

import static io.gatewatch.streams.counts.CountsDriver.header;
import static io.gatewatch.streams.counts.CountsDriver.local;
import static io.gatewatch.streams.counts.CountsRecords.aScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.gatewatch.schema.AreaCodes;
import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.AreaCountKey;
import io.gatewatch.schema.AreaLevel;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.LateScanHeaders;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.RejectedRecordHeaders;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.Topics;
import io.gatewatch.schema.WindowSize;
import io.gatewatch.schema.testing.ScreenedScanBuilder;
import io.gatewatch.streams.common.BatchJournal;
import io.gatewatch.streams.common.StorePlacement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CountsTopologyTest {
    static final String V1 = "110105001001";
    static final String V2 = "110105001002";
    static final String V3 = "110105002001";
    static final String T1 = "110105001";
    static final String T2 = "110105002";
    static final String COUNTY = "110105";
    static final Instant DAY = local("2024-03-10T00:00:00");
    static final Instant NEXT_DAY = local("2024-03-11T00:00:00");
    static final Instant HOUR_10 = local("2024-03-10T10:00:00");

    private CountsDriver driver = new CountsDriver();

    @AfterEach
    void close() throws Exception {
        driver.close();
    }

    @Test
    void shouldCountTheScansOfAnHourAndOfADayAtEveryLevel() {
        driver.pipe(aScan().atCheckpoint("G1").inVillage(V1).withPersonToken("p1").at(local("2024-03-10T10:05:00")),
                aScan().atCheckpoint("G1").inVillage(V1).withPersonToken("p2").at(local("2024-03-10T10:20:00")),
                aScan().atCheckpoint("G1").inVillage(V1).withPersonToken("p3").at(local("2024-03-10T10:59:59.999")),
                aScan().atCheckpoint("G1").inVillage(V1).withPersonToken("p4").at(local("2024-03-10T11:00:00")));

        driver.punctuate();

        for (var area : Map.of(AreaLevel.CHECKPOINT, "G1", AreaLevel.VILLAGE, V1, AreaLevel.TOWNSHIP, T1, AreaLevel.COUNTY, COUNTY).entrySet()) {
            AreaCount hour10 = driver.latest(area.getKey(), area.getValue(), WindowSize.HOUR, HOUR_10);
            assertThat(hour10.getScans()).as("%s hour 10", area).isEqualTo(3);
            assertThat(hour10.getWindowEnd()).isEqualTo(local("2024-03-10T11:00:00"));
            assertThat(hour10.getIsFinal()).isFalse();
            assertThat(driver.latest(area.getKey(), area.getValue(), WindowSize.HOUR, local("2024-03-10T11:00:00")).getScans()).isEqualTo(1);
            AreaCount day = driver.latest(area.getKey(), area.getValue(), WindowSize.DAY, DAY);
            assertThat(day.getScans()).as("%s day", area).isEqualTo(4);
            assertThat(day.getTimeZone()).isEqualTo("Asia/Shanghai");
        }
    }

    @Test
    void shouldPutTheLastSecondBeforeLocalMidnightAndLocalMidnightInDifferentDays() {
        driver.pipe(aScan().inVillage(V1).withPersonToken("p1").at(local("2024-03-10T23:59:59")),
                aScan().inVillage(V1).withPersonToken("p1").at(local("2024-03-11T00:00:00")));

        driver.punctuate();

        AreaCount first = driver.latest(AreaLevel.VILLAGE, V1, WindowSize.DAY, DAY);
        AreaCount second = driver.latest(AreaLevel.VILLAGE, V1, WindowSize.DAY, NEXT_DAY);
        assertThat(first.getWindowStart()).isEqualTo(Instant.parse("2024-03-09T16:00:00Z"));
        assertThat(first.getWindowEnd()).isEqualTo(Instant.parse("2024-03-10T16:00:00Z"));
        assertThat(first.getScans()).isEqualTo(1);
        assertThat(second.getWindowStart()).isEqualTo(Instant.parse("2024-03-10T16:00:00Z"));
        assertThat(second.getScans()).isEqualTo(1);
    }

    @Test
    void shouldGiveADayFigureTheLocalDateItIsFor() {
        driver.pipe(aScan().inVillage(V1).withPersonToken("p1").at(local("2026-12-06T00:30:00")));

        driver.punctuate();

        AreaCount day = driver.latest(AreaLevel.VILLAGE, V1, WindowSize.DAY, local("2026-12-06T00:00:00"));
        assertThat(day.getWindowStart()).isEqualTo(Instant.parse("2026-12-05T16:00:00Z"));
        assertThat(day.getLocalDate()).isEqualTo("2026-12-06");
        assertThat(day.getLocalStart()).isEqualTo("2026-12-06T00:00:00");
    }

    @Test
    void shouldGiveAnHourFigureItsLocalHour() {
        driver.pipe(aScan().inVillage(V1).withPersonToken("p1").at(local("2026-12-06T07:45:00")));

        driver.punctuate();

        AreaCount hour = driver.latest(AreaLevel.VILLAGE, V1, WindowSize.HOUR, local("2026-12-06T07:00:00"));
        assertThat(hour.getWindowStart()).isEqualTo(Instant.parse("2026-12-05T23:00:00Z"));
        assertThat(hour.getLocalDate()).isEqualTo("2026-12-06");
        assertThat(hour.getLocalStart()).isEqualTo("2026-12-06T07:00:00");
    }

    @Test
    void shouldMakeEveryAdditiveRollUpFigureTheSumOfItsParts() {
        Random random = new Random(20240310);
        List<String> villages = List.of(V1, V2, V3, "110106003004");
        for (int i = 0; i < 300; i++) {
            String village = villages.get(random.nextInt(villages.size()));
            ScreenedScanBuilder scan = aScan().inVillage(village).atCheckpoint(village + "-G" + random.nextInt(3))
                    .withPersonToken("p" + random.nextInt(60)).from(ScanSource.values()[random.nextInt(ScanSource.values().length)])
                    .at(DAY.plus(Duration.ofMinutes(600 + random.nextInt(300))));
            switch (random.nextInt(6)) {
                case 0 -> scan.withFever();
                case 1 -> scan.withImplausibleReading();
                case 2 -> scan.withCode(HealthCodeColour.values()[random.nextInt(4)]);
                case 3 -> scan.asVisitor().inVehicle("京A" + random.nextInt(100));
                default -> { }
            }
            driver.pipe(scan.build());
        }

        driver.punctuate();

        Map<AreaCountKey, AreaCount> latest = driver.latest();
        assertThat(latest).isNotEmpty();
        for (WindowSize size : WindowSize.values()) {
            for (Instant start : latest.keySet().stream().filter(k -> k.getWindow() == size).map(AreaCountKey::getWindowStart).distinct().toList()) {
                List<AreaCount> window = latest.values().stream().filter(c -> c.getWindow() == size && c.getWindowStart().equals(start)).toList();
                assertRollUp(window, AreaLevel.CHECKPOINT, AreaLevel.VILLAGE, AreaCodes.VILLAGE_DIGITS);
                assertRollUp(window, AreaLevel.VILLAGE, AreaLevel.TOWNSHIP, AreaCodes.TOWNSHIP_DIGITS);
                assertRollUp(window, AreaLevel.TOWNSHIP, AreaLevel.COUNTY, AreaCodes.COUNTY_DIGITS);
            }
        }
    }

    /** Each parent's additive measures equal the sum over its children; distinct persons lie between max and sum. */
    private static void assertRollUp(List<AreaCount> window, AreaLevel childLevel, AreaLevel parentLevel, int parentDigits) {
        List<AreaCount> parents = window.stream().filter(c -> c.getLevel() == parentLevel).toList();
        assertThat(parents).isNotEmpty();
        for (AreaCount parent : parents) {
            // checkpoint ids in this test start with their village code, so prefixing works at every level
            List<AreaCount> children = window.stream()
                    .filter(c -> c.getLevel() == childLevel && c.getAreaCode().substring(0, parentDigits).equals(parent.getAreaCode()))
                    .toList();
            assertThat(children).isNotEmpty();
            assertThat(additive(parent)).as("%s %s %s", parent.getLevel(), parent.getAreaCode(), parent.getWindowStart())
                    .containsExactly(children.stream().map(CountsTopologyTest::additive)
                            .reduce(new long[additive(parent).length], CountsTopologyTest::plus));
            long sumDistinct = children.stream().mapToLong(AreaCount::getDistinctPersons).sum();
            long maxDistinct = children.stream().mapToLong(AreaCount::getDistinctPersons).max().orElseThrow();
            assertThat(parent.getDistinctPersons()).isBetween(maxDistinct, sumDistinct);
        }
    }

    private static long[] additive(AreaCount c) {
        return new long[] {c.getScans(), c.getFevers(), c.getYellowCodes(), c.getRedCodes(), c.getDeviceFaults(), c.getVisitors(),
                c.getVehicles(), c.getGateScans(), c.getPhoneAppScans(), c.getStaffScans(), c.getClinicScans(), c.getPharmacyScans()};
    }

    private static long[] plus(long[] a, long[] b) {
        long[] sum = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }

    @Test
    void shouldCountAPersonOnceADayAtEachArea() {
        driver.pipe(aScan().atCheckpoint("G1").inVillage(V1).withPersonToken("p1").at(local("2024-03-10T08:00:00")),
                aScan().atCheckpoint("G2").inVillage(V1).withPersonToken("p1").at(local("2024-03-10T12:00:00")),
                aScan().atCheckpoint("G1").inVillage(V1).withPersonToken("p1").at(local("2024-03-10T18:00:00")),
                aScan().atCheckpoint("G1").inVillage(V1).withPersonToken("p2").at(local("2024-03-10T09:00:00")),
                aScan().atCheckpoint("G1").inVillage(V1).withoutPerson().at(local("2024-03-10T10:00:00")),
                aScan().atCheckpoint("G3").inVillage(V2).withPersonToken("p1").at(local("2024-03-10T19:00:00")),
                aScan().atCheckpoint("G1").inVillage(V1).withPersonToken("p1").at(local("2024-03-11T08:00:00")));

        driver.punctuate();

        assertThat(scansAndDistinct(AreaLevel.CHECKPOINT, "G1", DAY)).containsExactly(4L, 2L);
        assertThat(scansAndDistinct(AreaLevel.CHECKPOINT, "G2", DAY)).containsExactly(1L, 1L);
        assertThat(scansAndDistinct(AreaLevel.VILLAGE, V1, DAY)).containsExactly(5L, 2L);
        assertThat(scansAndDistinct(AreaLevel.VILLAGE, V2, DAY)).containsExactly(1L, 1L);
        assertThat(scansAndDistinct(AreaLevel.TOWNSHIP, T1, DAY)).as("p1 at two villages is one person of the township")
                .containsExactly(6L, 2L);
        assertThat(scansAndDistinct(AreaLevel.COUNTY, COUNTY, DAY)).containsExactly(6L, 2L);
        assertThat(scansAndDistinct(AreaLevel.VILLAGE, V1, NEXT_DAY)).as("a new day counts the person again").containsExactly(1L, 1L);
    }

    private List<Long> scansAndDistinct(AreaLevel level, String area, Instant day) {
        AreaCount count = driver.latest(level, area, WindowSize.DAY, day);
        return List.of(count.getScans(), count.getDistinctPersons());
    }

    @Test
    void shouldUpdateAnOpenWindowWhenAScanArrivesLateWithinGrace() {
        driver.pipe(aScan().inVillage(V1).withPersonToken("p1").at(local("2024-03-10T10:15:00")));
        driver.punctuate();
        driver.pipe(aScan().inVillage(V1).withPersonToken("p2").at(local("2024-03-10T20:00:00")));

        driver.pipe(aScan().inVillage(V1).withPersonToken("p3").at(local("2024-03-10T10:40:00")));
        driver.punctuate();

        List<AreaCount> hour10 = driver.emittedFor(AreaLevel.VILLAGE, V1, WindowSize.HOUR).stream()
                .filter(c -> c.getWindowStart().equals(HOUR_10)).toList();
        assertThat(hour10).extracting(AreaCount::getScans, AreaCount::getDistinctPersons, AreaCount::getIsFinal)
                .containsExactly(tuple(1L, 1L, false), tuple(2L, 2L, false));
        assertThat(driver.lateRecords).isEmpty();
        assertThat(driver.counter(MetricNames.SCANS_LATE, "window", "hour")).isZero();
    }

    @Test
    void shouldRouteAScanBeyondTheHourlyGraceToTheLateTopicButCountItInItsDay() {
        driver.pipe(aScan().atCheckpoint("G1").inVillage(V1).withPersonToken("p1").at(local("2024-03-10T10:15:00")),
                aScan().atCheckpoint("G1").inVillage(V1).withPersonToken("p2").at(local("2024-03-10T23:30:00")));
        ScreenedScan tooLate = aScan().atCheckpoint("G1").inVillage(V1).fromDevice("dev-9").withPersonToken("p3").at(local("2024-03-10T10:50:00")).build();

        driver.pipe(tooLate);
        driver.punctuate();

        assertThat(driver.lateRecords).hasSize(1);
        var late = driver.lateRecords.get(0);
        assertThat(late.key()).isEqualTo("dev-9");
        assertThat(late.value()).isEqualTo(tooLate.getScan());
        assertThat(header(late, LateScanHeaders.REASON)).isEqualTo(LateScanHeaders.REASON_WINDOW_CLOSED);
        assertThat(header(late, LateScanHeaders.WINDOW)).isEqualTo("hour");
        assertThat(header(late, LateScanHeaders.WINDOW_START)).isEqualTo(HOUR_10.toString());
        assertThat(header(late, LateScanHeaders.VILLAGE_CODE)).isEqualTo(V1);
        assertThat(header(late, LateScanHeaders.CHECKPOINT_ID)).isEqualTo("G1");
        assertThat(driver.counter(MetricNames.SCANS_LATE, "window", "hour")).isEqualTo(1.0);
        assertThat(driver.counter(MetricNames.SCANS_LATE, "window", "day")).isZero();
        AreaCount hour10 = driver.latest(AreaLevel.VILLAGE, V1, WindowSize.HOUR, HOUR_10);
        assertThat(hour10.getIsFinal()).isTrue();
        assertThat(hour10.getScans()).as("not corrected by the late scan").isEqualTo(1);
        assertThat(driver.latest(AreaLevel.VILLAGE, V1, WindowSize.DAY, DAY).getScans()).isEqualTo(3);
    }

    @Test
    void shouldRouteAScanLateForItsDayOnceForEachWindowItMissed() {
        driver.pipe(aScan().inVillage(V1).withPersonToken("p1").at(local("2024-03-10T10:15:00")),
                aScan().inVillage(V1).withPersonToken("p2").at(local("2024-03-11T12:30:00")));

        driver.pipe(aScan().inVillage(V1).withPersonToken("p3").at(local("2024-03-10T10:55:00")));
        driver.punctuate();

        assertThat(driver.lateRecords).extracting(r -> header(r, LateScanHeaders.WINDOW)).containsExactlyInAnyOrder("hour", "day");
        assertThat(driver.lateRecords).extracting(r -> r.value().getEventId()).containsOnly(driver.lateRecords.get(0).value().getEventId());
        assertThat(driver.counter(MetricNames.SCANS_LATE, "window", "hour")).isEqualTo(1.0);
        assertThat(driver.counter(MetricNames.SCANS_LATE, "window", "day")).isEqualTo(1.0);
        AreaCount day = driver.latest(AreaLevel.VILLAGE, V1, WindowSize.DAY, DAY);
        assertThat(day.getIsFinal()).isTrue();
        assertThat(day.getScans()).isEqualTo(1);
    }

    @Test
    void shouldCloseTheWindowsOfAQuietPartitionOnTheWallClock() {
        driver.pipe(aScan().inVillage(V1).withPersonToken("p1").at(local("2024-03-10T10:15:00")));

        driver.advance(Duration.ofHours(13)); // no scan arrives: the clock moves 10:15 -> 23:15, past 11:00 + 12 h grace

        for (var area : Map.of(AreaLevel.CHECKPOINT, "G1", AreaLevel.VILLAGE, V1, AreaLevel.TOWNSHIP, T1, AreaLevel.COUNTY, COUNTY).entrySet()) {
            AreaCount hour10 = driver.latest(area.getKey(), area.getValue(), WindowSize.HOUR, HOUR_10);
            assertThat(hour10.getIsFinal()).as("%s hour", area).isTrue();
            assertThat(hour10.getScans()).isEqualTo(1);
            assertThat(hour10.getUpdatedAt()).isEqualTo(CountsDriver.WALL_START.plus(Duration.ofHours(13)));
            assertThat(driver.latest(area.getKey(), area.getValue(), WindowSize.DAY, DAY).getIsFinal()).as("%s day", area).isFalse();
        }

        driver.advance(Duration.ofHours(13)); // 12:15 the next day, past midnight + 12 h grace

        assertThat(driver.latest(AreaLevel.VILLAGE, V1, WindowSize.DAY, DAY).getIsFinal()).isTrue();
    }

    @Test
    void shouldEmitOneUpdatePerChangedWindowPerPunctuation() {
        for (int minute = 0; minute < 5; minute++) {
            driver.pipe(aScan().inVillage(V1).withPersonToken("p" + minute).at(HOUR_10.plus(Duration.ofMinutes(minute))));
        }

        driver.punctuate();
        driver.punctuate();

        assertThat(driver.emittedFor(AreaLevel.VILLAGE, V1, WindowSize.HOUR)).singleElement()
                .extracting(AreaCount::getScans).isEqualTo(5L);
        assertThat(driver.counter(MetricNames.COUNTS_EMITTED, "window", "hour", "final", "false")).isEqualTo(4.0);
        assertThat(driver.counter(MetricNames.COUNTS_EMITTED, "window", "day", "final", "false")).isEqualTo(4.0);
    }

    @Test
    void shouldEmitAnOpenWindowAgainWhenItChangesAfterItsLastUpdate() {
        driver.pipe(aScan().inVillage(V1).withPersonToken("p1").at(HOUR_10));
        driver.punctuate();
        driver.pipe(aScan().inVillage(V1).withPersonToken("p2").at(HOUR_10.plus(Duration.ofMinutes(1))));
        driver.punctuate();
        driver.punctuate();

        assertThat(driver.emittedFor(AreaLevel.VILLAGE, V1, WindowSize.HOUR))
                .extracting(AreaCount::getScans).containsExactly(1L, 2L);
    }

    @Test
    void shouldEmitOnlyFinalFiguresWhenUpdatesAreOff() throws Exception {
        driver.close();
        driver = new CountsDriver(Map.of(CountsConfig.EMIT_UPDATES, false));
        driver.pipe(aScan().inVillage(V1).withPersonToken("p1").at(local("2024-03-10T10:15:00")));

        driver.punctuate();
        assertThat(driver.latest()).isEmpty();
        driver.advance(Duration.ofHours(27));

        assertThat(driver.emitted).hasSize(8).allMatch(AreaCount::getIsFinal);
    }

    @Test
    void shouldForgetAWindowOnceItsFinalFigureIsOut() {
        driver.pipe(aScan().inVillage(V1).withPersonToken("p1").at(local("2024-03-10T10:15:00")),
                aScan().inVillage(V1).withPersonToken("p2").at(local("2024-03-10T11:15:00")));
        driver.punctuate();
        assertThat(entries(CountsTopology.WINDOWS_STORE)).as("4 levels x (hour 10, hour 11, day)").isEqualTo(12);
        assertThat(personEntries()).as("p1 in hour 10, p2 in hour 11, both in the day").isEqualTo(4);

        driver.advance(Duration.ofHours(12)); // clock 23:16: hour 10 closes, hour 11 and the day stay open

        assertThat(entries(CountsTopology.WINDOWS_STORE)).isEqualTo(8);
        assertThat(personEntries()).isEqualTo(3);

        driver.advance(Duration.ofHours(13));

        assertThat(entries(CountsTopology.WINDOWS_STORE)).isZero();
        assertThat(personEntries()).isZero();
        assertThat(driver.<BatchJournal>stateStore(CountsTopology.PERSONS_JOURNAL_STORE).batchesKept())
                .as("the journal forgets them too").isZero();
    }

    @ParameterizedTest(name = "persons index {0}")
    @EnumSource(StorePlacement.class)
    void shouldKeepCountingDistinctPersonsAfterARestartThatLostThePersonsIndex(StorePlacement personsStore) throws Exception {
        // Given p1 counted in hour 10, then a crash that leaves only the logged stores (the persons index has no changelog)
        driver.close();
        driver = new CountsDriver(Map.of(CountsConfig.PERSONS_STORE, personsStore.value()));
        driver.pipe(aScan().inVillage(V1).withPersonToken("p1").at(local("2024-03-10T10:15:00")));
        driver.punctuate();
        driver = driver.restartLosing(CountsTopology.PERSONS_STORE);

        // When p1 is scanned again in the same hour and village, and p2 for the first time
        driver.pipe(aScan().inVillage(V1).withPersonToken("p1").at(local("2024-03-10T10:40:00")),
                aScan().inVillage(V1).withPersonToken("p2").at(local("2024-03-10T10:45:00")));
        driver.punctuate();

        // Then the hour counts 3 scans of 2 distinct persons: p1 was remembered through the journal
        AreaCount hour = driver.latest(AreaLevel.VILLAGE, V1, WindowSize.HOUR, local("2024-03-10T10:00:00"));
        assertThat(hour.getScans()).isEqualTo(3);
        assertThat(hour.getDistinctPersons()).isEqualTo(2);
        assertThat(personEntries()).as("p1 and p2 in the hour and in the day").isEqualTo(4);
    }

    @Test
    void shouldRememberPersonsAcrossACleanRestartThoughTheIndexIsOnTheHeap() throws Exception {
        // Given p1 counted in hour 10 by the default, in-memory persons index, then a clean stop and start
        driver.pipe(aScan().inVillage(V1).withPersonToken("p1").at(local("2024-03-10T10:15:00")));
        driver.punctuate();
        driver = driver.restartLosing();
        assertThat(personEntries()).as("rebuilt from the journal at start").isEqualTo(2);

        // When p1 is scanned again in the same hour and village
        driver.pipe(aScan().inVillage(V1).withPersonToken("p1").at(local("2024-03-10T10:40:00")));
        driver.punctuate();

        // Then p1 is still one person
        AreaCount hour = driver.latest(AreaLevel.VILLAGE, V1, WindowSize.HOUR, local("2024-03-10T10:00:00"));
        assertThat(hour.getScans()).isEqualTo(2);
        assertThat(hour.getDistinctPersons()).isEqualTo(1);
    }

    /** Entries of the persons index, without its note of the journal batch it holds. */
    private long personEntries() {
        if (driver.rawStore(CountsTopology.PERSONS_STORE) instanceof HeapPersonsIndex heap) {
            return heap.entries();
        }
        KeyValueStore<Bytes, byte[]> store = driver.store(CountsTopology.PERSONS_STORE);
        long n = 0;
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                if (all.next().key.get().length > 0) {
                    n++;
                }
            }
        }
        return n;
    }

    private int entries(String storeName) {
        KeyValueStore<Bytes, Object> store = driver.store(storeName);
        int n = 0;
        try (KeyValueIterator<Bytes, Object> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    @Test
    void shouldNotLetAFutureDatedScanCloseOtherWindows() {
        Instant beforeWall = CountsDriver.WALL_START.minus(Duration.ofHours(2));
        driver.pipe(aScan().inVillage(V1).withPersonToken("p1").at(beforeWall));

        driver.pipe(aScan().inVillage(V1).fromDevice("dev-wrong-clock").withPersonToken("p2").at(CountsDriver.WALL_START.plus(Duration.ofDays(30))));
        driver.pipe(aScan().inVillage(V1).withPersonToken("p3").at(beforeWall.plus(Duration.ofMinutes(5))));
        driver.punctuate();

        assertThat(driver.lateRecords).isEmpty();
        assertThat(driver.latest(AreaLevel.VILLAGE, V1, WindowSize.HOUR, beforeWall).getScans()).isEqualTo(2);
    }

    @Test
    void shouldRejectAScanWhoseVillageCodeIsNotTwelveDigits() {
        ScreenedScan invalid = aScan().inVillage("1101").fromDevice("dev-7").at(HOUR_10).build();
        driver.pipe(invalid);
        driver.pipeRaw(V1, null, HOUR_10);
        driver.punctuate();

        assertThat(driver.rejectedRecords).hasSize(2);
        var rejected = driver.rejectedRecords.get(0);
        assertThat(driver.serdes.screenedScan().deserializer().deserialize(Topics.SCANS_SCREENED, rejected.value())).isEqualTo(invalid);
        assertThat(driver.serdes.stringKey().deserializer().deserialize(Topics.SCANS_SCREENED, rejected.key())).isEqualTo("1101");
        assertThat(header(rejected, RejectedRecordHeaders.REASON)).isEqualTo(CountsTopology.REJECT_INVALID_VILLAGE_CODE);
        assertThat(header(rejected, RejectedRecordHeaders.REJECTED_BY)).isEqualTo("counts");
        assertThat(header(rejected, RejectedRecordHeaders.SOURCE_TOPIC)).isEqualTo(Topics.SCANS_SCREENED);
        assertThat(header(rejected, RejectedRecordHeaders.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(rejected, RejectedRecordHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(header(rejected, RejectedRecordHeaders.MESSAGE)).contains("villageCode");
        assertThat(header(driver.rejectedRecords.get(1), RejectedRecordHeaders.REASON)).isEqualTo(CountsTopology.REJECT_NULL_VALUE);
        assertThat(driver.rejectedRecords.get(1).value()).isNull();
        assertThat(driver.counter(MetricNames.SCANS_REJECTED, "reason", CountsTopology.REJECT_INVALID_VILLAGE_CODE)).isEqualTo(1.0);
        assertThat(driver.counter(MetricNames.SCANS_REJECTED, "reason", CountsTopology.REJECT_NULL_VALUE)).isEqualTo(1.0);
        assertThat(driver.latest()).isEmpty();
    }

    @Test
    void shouldNeverCountABrokenReadingAsAFever() {
        driver.pipe(aScan().inVillage(V1).withPersonToken("p1").withImplausibleReading().at(HOUR_10),
                aScan().inVillage(V1).withPersonToken("p2").withFever().withCode(HealthCodeColour.UNREADABLE).at(HOUR_10));

        driver.punctuate();

        AreaCount hour = driver.latest(AreaLevel.VILLAGE, V1, WindowSize.HOUR, HOUR_10);
        assertThat(hour.getDeviceFaults()).isEqualTo(2);
        assertThat(hour.getFevers()).as("only the plausible fever reading").isEqualTo(1);
        assertThat(hour.getYellowCodes() + hour.getRedCodes()).isZero();
    }

    @Test
    void shouldFillEveryMeasureOfTheReport() {
        driver.pipe(aScan().inVillage(V1).withPersonToken("p1").from(ScanSource.GATE_DEVICE).withCode(HealthCodeColour.YELLOW).asVisitor().inVehicle("京A12345").at(HOUR_10),
                aScan().inVillage(V1).withPersonToken("p2").from(ScanSource.PHONE_APP).withoutReading().withCode(HealthCodeColour.RED).at(HOUR_10),
                aScan().inVillage(V1).withPersonToken("p3").from(ScanSource.STAFF_ENTRY).asVisitor().at(HOUR_10),
                aScan().inVillage(V1).withPersonToken("p4").from(ScanSource.CLINIC).withFever().at(HOUR_10),
                aScan().inVillage(V1).withPersonToken("p5").from(ScanSource.PHARMACY).withFever().at(HOUR_10),
                aScan().inVillage(V1).withPersonToken("p5").from(ScanSource.UNKNOWN_SOURCE).at(HOUR_10));

        driver.punctuate();

        AreaCount c = driver.latest(AreaLevel.VILLAGE, V1, WindowSize.DAY, DAY);
        assertThat(List.of(c.getScans(), c.getDistinctPersons(), c.getFevers(), c.getYellowCodes(), c.getRedCodes(), c.getDeviceFaults(),
                c.getVisitors(), c.getVehicles(), c.getGateScans(), c.getPhoneAppScans(), c.getStaffScans(), c.getClinicScans(),
                c.getPharmacyScans())).containsExactly(6L, 5L, 2L, 1L, 1L, 0L, 2L, 1L, 1L, 1L, 1L, 1L, 1L);
    }

    @Test
    void shouldGiveEveryProcessorStoreAndTopicAnExplicitName() {
        String description = driver.topology.describe().toString();

        assertThat(description).doesNotContain("KSTREAM-", "KTABLE-");
        assertThat(description).contains(CountsTopology.BY_COUNTY + "-repartition", CountsTopology.WINDOWS_STORE,
                CountsTopology.PERSONS_STORE, CountsTopology.CLOCK_STORE, CountsTopology.AGGREGATE, CountsTopology.PLACEMENT,
                CountsTopology.MERGE, Topics.COUNTS_HOURLY, Topics.COUNTS_DAILY, Topics.SCANS_LATE, Topics.SCANS_REJECTED);
        // one sub-topology: the repartition topic feeds back into the task that reads the input (see COUNTS.md)
        assertThat(driver.topology.describe().subtopologies()).hasSize(1);
    }

    @Test
    void shouldCountScansMarkedAsPartitionedByCountyWithoutRepartitioningThem() {
        driver.pipe(scenario(new Random(11)).toArray(ScreenedScanBuilder[]::new));

        driver.punctuate();

        assertThat(driver.counter(MetricNames.COUNTS_REPARTITIONED)).isZero();
        assertThat(driver.latest()).isNotEmpty();
    }

    @Test
    void shouldRepartitionUnmarkedScansAndReachTheSameFigures() {
        List<ScreenedScanBuilder> scenario = scenario(new Random(12));
        Map<AreaCountKey, List<Long>> marked = figuresOf(scenario, false, Map.of());
        Map<AreaCountKey, List<Long>> mixed = figuresOf(scenario, true, Map.of());

        assertThat(mixed).isEqualTo(marked).isNotEmpty();
    }

    @Test
    void shouldRepartitionEveryScanWhenTheInputIsNotTrustedToBePartitionedByCounty() {
        List<ScreenedScanBuilder> scenario = scenario(new Random(13));
        Map<AreaCountKey, List<Long>> trusted = figuresOf(scenario, false, Map.of());
        Map<AreaCountKey, List<Long>> untrusted = figuresOf(scenario, false, Map.of(CountsConfig.INPUT_PARTITIONED_BY_COUNTY, false));

        assertThat(untrusted).isEqualTo(trusted).isNotEmpty();
    }

    /** A day of scans of one county: every other one unmarked when {@code mixed}; the latest figure of every key. */
    private Map<AreaCountKey, List<Long>> figuresOf(List<ScreenedScanBuilder> scenario, boolean mixed, Map<String, ?> settings) {
        try (CountsDriver run = new CountsDriver(settings)) {
            int unmarked = 0;
            for (int i = 0; i < scenario.size(); i++) {
                if (mixed && i % 2 == 1) {
                    run.pipeUnmarked(scenario.get(i).build());
                    unmarked++;
                } else {
                    run.pipe(scenario.get(i).build());
                }
            }
            run.punctuate();
            boolean trusting = !Boolean.FALSE.equals(settings.get(CountsConfig.INPUT_PARTITIONED_BY_COUNTY));
            assertThat(run.counter(MetricNames.COUNTS_REPARTITIONED)).isEqualTo(trusting ? unmarked : scenario.size());
            Map<AreaCountKey, List<Long>> figures = new java.util.HashMap<>();
            run.latest().forEach((key, c) -> figures.put(key, List.of(c.getScans(), c.getDistinctPersons(), c.getFevers(),
                    c.getYellowCodes(), c.getRedCodes(), c.getDeviceFaults(), c.getVisitors(), c.getVehicles(), c.getGateScans(),
                    c.getPhoneAppScans(), c.getStaffScans(), c.getClinicScans(), c.getPharmacyScans())));
            return figures;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<ScreenedScanBuilder> scenario(Random random) {
        List<String> villages = List.of(V1, V2, V3);
        return java.util.stream.IntStream.range(0, 200).mapToObj(i -> {
            String village = villages.get(random.nextInt(villages.size()));
            ScreenedScanBuilder scan = aScan().inVillage(village).atCheckpoint(village + "-G" + random.nextInt(2))
                    .withPersonToken("p" + random.nextInt(40)).at(DAY.plus(Duration.ofMinutes(random.nextInt(20 * 60))));
            if (random.nextInt(5) == 0) {
                scan.withFever();
            }
            return scan;
        }).toList();
    }
}

package io.gatewatch.producers.sim;

import static io.gatewatch.producers.sim.Scenarios.aSmallCounty;
import static io.gatewatch.producers.sim.Scenarios.generator;
import static io.gatewatch.producers.sim.Scenarios.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.producers.sim.GroundTruth.ExpectedScan;
import io.gatewatch.producers.sim.GroundTruth.Fault;
import io.gatewatch.producers.sim.GroundTruth.Figures;
import io.gatewatch.schema.AreaLevel;
import io.gatewatch.schema.CheckinSchedule;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TemperatureStatus;
import io.gatewatch.schema.TemperatureUnit;
import io.gatewatch.schema.WindowSize;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ScanGeneratorTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void shouldProduceTheSameRecordsForTheSameSeed() {
        List<String> first = fingerprints(generator(aSmallCounty()).stream().toList());
        List<String> second = fingerprints(generator(aSmallCounty()).stream().toList());

        assertThat(first).isNotEmpty().isEqualTo(second);
    }

    @Test
    void shouldProduceOtherRecordsForAnotherSeed() {
        List<String> seven = fingerprints(generator(aSmallCounty()).stream().toList());
        List<String> eight = fingerprints(generator(with(aSmallCounty(), ScenarioConfig.SEED, 8L)).stream().toList());

        assertThat(eight).isNotEqualTo(seven);
    }

    @Test
    void shouldNeverReuseAnEventIdInARunThatStartsLater() {
        // Given the same seed, one run and a later one (a demo resumed on the same data directory)
        List<String> first = scans(generator(aSmallCounty()).stream().toList()).stream().map(ScanEvent::getEventId).toList();
        List<String> later = scans(generator(with(aSmallCounty(), ScenarioConfig.START, "2022-12-02T00:00"))
                .stream().toList()).stream().map(ScanEvent::getEventId).toList();

        // Then no id of the later run can be taken for a retry of the first
        assertThat(first).isNotEmpty().doesNotHaveDuplicates();
        assertThat(later).isNotEmpty().doesNotContainAnyElementsOf(first);
    }

    @Test
    void shouldNestVillageCodesUnderTownshipsAndTheCounty() {
        World world = generator(aSmallCounty()).world();

        assertThat(world.villages()).hasSize(6).allSatisfy(v -> assertThat(v.code()).matches("330127\\d{6}"));
        assertThat(world.villages().stream().map(World.Village::townshipCode).distinct()).hasSize(2);
        assertThat(world.villages().stream().map(World.Village::code).distinct()).hasSize(6);
    }

    @Test
    void shouldRegisterEveryGateDeviceThatSendsScans() {
        ScanGenerator generator = generator(aSmallCounty());
        Map<String, DeviceRegistration> registry = registry(generator);

        List<ScanEvent> gateScans = scans(generator.stream().toList()).stream()
                .filter(e -> e.getSource() == ScanSource.GATE_DEVICE).toList();

        assertThat(registry).hasSize(6 * 2);
        assertThat(gateScans).isNotEmpty().allSatisfy(e -> {
            DeviceRegistration device = registry.get(e.getDeviceId());
            assertThat(device).as(e.getDeviceId()).isNotNull();
            assertThat(e.getVillageCode()).isEqualTo(device.getVillageCode());
            assertThat(e.getCheckpointId()).isEqualTo(device.getCheckpointId());
            assertThat(e.getTemperature().getUnit()).isEqualTo(device.getUnit());
        });
    }

    @Test
    void shouldSendInSendOrderAndNeverBeforeTheScanHappened() {
        List<SimRecord> records = generator(aSmallCounty()).stream().toList();

        assertThat(records).extracting(SimRecord::emitAt).isSorted();
        assertThat(records).filteredOn(r -> r instanceof SimRecord.Scan).allSatisfy(r ->
                assertThat(((SimRecord.Scan) r).event().getScannedAt()).isBeforeOrEqualTo(r.emitAt()));
    }

    @Test
    void shouldStayWithinTheSimulatedDay() {
        ScanGenerator generator = generator(aSmallCounty());
        Instant start = generator.start();

        List<ScanEvent> scans = scans(generator.stream().toList());

        assertThat(start).isEqualTo(Instant.parse("2022-11-30T16:00:00Z"));
        assertThat(scans).allSatisfy(e -> assertThat(e.getScannedAt()).isBetween(start, start.plus(Duration.ofDays(1))));
    }

    @Test
    void shouldBeBusyAtMorningAndEveningPeaksAndQuietAtNight() {
        Map<Integer, Long> byLocalHour = scans(generator(aSmallCounty()).stream().toList()).stream()
                .collect(Collectors.groupingBy(e -> e.getScannedAt().atZone(SHANGHAI).getHour(), Collectors.counting()));

        long night = byLocalHour.getOrDefault(2, 0L) + byLocalHour.getOrDefault(3, 0L);
        long morning = byLocalHour.getOrDefault(7, 0L) + byLocalHour.getOrDefault(8, 0L);
        long evening = byLocalHour.getOrDefault(17, 0L) + byLocalHour.getOrDefault(18, 0L);
        long midday = byLocalHour.getOrDefault(14, 0L) + byLocalHour.getOrDefault(15, 0L);
        assertThat(morning).isGreaterThan(10 * Math.max(night, 1)).isGreaterThan(midday);
        assertThat(evening).isGreaterThan(10 * Math.max(night, 1)).isGreaterThan(midday);
    }

    @Test
    void shouldGenerateAboutTheConfiguredVolume() {
        GroundTruth truth = drain(generator(aSmallCounty()));

        // 6 villages x 400 a day, plus retries at other gates; a Poisson count, so within a few percent
        assertThat(truth.uniqueEvents()).isBetween(2300L, 2700L);
    }

    @Test
    void shouldUploadScansOfAnOfflineGateLateAndInOrder() {
        Map<String, Object> props = with(with(with(aSmallCounty(), ScenarioConfig.OUTAGE_RATE, 1.0),
                ScenarioConfig.OUTAGE_MIN_MS, 3 * 3_600_000L), ScenarioConfig.OUTAGE_MAX_MS, 3 * 3_600_000L);
        ScanGenerator generator = generator(props);

        List<SimRecord.Scan> late = generator.stream()
                .filter(r -> r instanceof SimRecord.Scan s && !s.duplicate() && s.emitAt().isAfter(s.event().getScannedAt()))
                .map(r -> (SimRecord.Scan) r).toList();

        GroundTruth truth = generator.groundTruth();
        assertThat(late).isNotEmpty();
        assertThat(truth.lateUploads()).isEqualTo(late.size());
        assertThat(truth.maxUploadDelay()).isGreaterThan(Duration.ofHours(1)).isLessThanOrEqualTo(Duration.ofHours(3));
        Map<String, List<Instant>> eventTimesByDevice = late.stream().collect(Collectors.groupingBy(SimRecord::deviceId,
                Collectors.mapping(s -> s.event().getScannedAt(), Collectors.toList())));
        assertThat(eventTimesByDevice.values()).allSatisfy(times -> assertThat(times).isSorted());
    }

    @Test
    void shouldResendDuplicatesWithTheSameEventIdAndContent() {
        ScanGenerator generator = generator(with(aSmallCounty(), ScenarioConfig.DUPLICATE_RATE, 0.1));
        Map<String, ScanEvent> firstSeen = new HashMap<>();
        List<SimRecord.Scan> duplicates = new ArrayList<>();

        generator.forEachRemaining(r -> {
            if (r instanceof SimRecord.Scan s) {
                if (s.duplicate()) {
                    duplicates.add(s);
                } else {
                    assertThat(firstSeen.put(s.event().getEventId(), s.event())).as("unique ids").isNull();
                }
            }
        });

        assertThat(duplicates).isNotEmpty();
        assertThat(duplicates).allSatisfy(d -> assertThat(d.event()).isEqualTo(firstSeen.get(d.event().getEventId())));
        assertThat(generator.groundTruth().duplicates()).isEqualTo(duplicates.size());
    }

    @Test
    void shouldReportFahrenheitDevicesInFahrenheit() {
        ScanGenerator generator = generator(with(with(aSmallCounty(), ScenarioConfig.FAHRENHEIT_DEVICE_SHARE, 1.0),
                ScenarioConfig.SENSOR_GLITCH_RATE, 0.0));

        List<ScanEvent> gate = scans(generator.stream().toList()).stream().filter(e -> e.getSource() == ScanSource.GATE_DEVICE).toList();

        assertThat(gate).allSatisfy(e -> assertThat(e.getTemperature().getUnit()).isEqualTo(TemperatureUnit.FAHRENHEIT));
        assertThat(gate).filteredOn(e -> e.getTemperature().getValue() > 90).hasSizeGreaterThan(gate.size() * 8 / 10);
        assertThat(generator.groundTruth().fevers()).isPositive();
    }

    @Test
    void shouldReadFarTooLowOnlyInTheCold() {
        Map<String, Object> frozen = with(with(with(aSmallCounty(), ScenarioConfig.AMBIENT_MIN_CELSIUS, -15.0),
                ScenarioConfig.AMBIENT_MAX_CELSIUS, -5.0), ScenarioConfig.COLD_LOW_READING_RATE, 0.3);
        Map<String, Object> mild = with(with(frozen, ScenarioConfig.AMBIENT_MIN_CELSIUS, 5.0), ScenarioConfig.AMBIENT_MAX_CELSIUS, 15.0);

        GroundTruth cold = drain(generator(with(frozen, ScenarioConfig.SENSOR_GLITCH_RATE, 0.0)));
        GroundTruth warm = drain(generator(with(mild, ScenarioConfig.SENSOR_GLITCH_RATE, 0.0)));

        long gateScans = cold.uniqueBySource().get(ScanSource.GATE_DEVICE);
        assertThat(cold.faults(Fault.IMPLAUSIBLE_LOW)).isBetween(gateScans / 4, gateScans * 35 / 100);
        assertThat(warm.faults(Fault.IMPLAUSIBLE_LOW)).isZero();
    }

    @Test
    void shouldSendPersonTokensNeverIdentityNumbers() {
        List<ScanEvent> scans = scans(generator(aSmallCounty()).stream().toList());

        assertThat(scans).map(ScanEvent::getPersonToken).filteredOn(t -> t != null)
                .allSatisfy(t -> assertThat(t).hasSize(43).doesNotContainPattern("\\d{17}[\\dX]"));
    }

    @Test
    void shouldDrawPeopleFromTheirVillageAndTheVisitorPool() {
        GroundTruth truth = drain(generator(aSmallCounty()));

        // 6 x 120 residents + 60 visitors, most of whom pass a gate in a day
        assertThat(truth.distinctPersons()).isBetween(500L, 780L);
        assertThat(truth.windows(AreaLevel.COUNTY, WindowSize.DAY).values()).singleElement()
                .satisfies(f -> assertThat(f.visitors()).isPositive());
    }

    @Test
    void shouldSendMalformedRecordsOnlyWhenAsked() {
        List<SimRecord> plain = generator(aSmallCounty()).stream().toList();
        ScanGenerator withMalformed = generator(with(aSmallCounty(), ScenarioConfig.MALFORMED_RATE, 0.05));
        List<SimRecord> messy = withMalformed.stream().toList();

        assertThat(plain).noneMatch(r -> r instanceof SimRecord.Malformed);
        List<SimRecord.Malformed> malformed = messy.stream().filter(r -> r instanceof SimRecord.Malformed)
                .map(r -> (SimRecord.Malformed) r).toList();
        assertThat(malformed).isNotEmpty().allSatisfy(m -> assertThat(m.value()[0] != 0 || m.kind() == SimRecord.MalformedKind.UNKNOWN_SCHEMA_ID).isTrue());
        assertThat(withMalformed.groundTruth().malformed()).isEqualTo(malformed.size());
    }

    @Test
    void shouldKeepGoingWhenEndless() {
        ScanGenerator generator = generator(with(aSmallCounty(), ScenarioConfig.DURATION_MS, 0L));

        List<SimRecord> first = generator.stream().limit(5000).toList();

        assertThat(first).hasSize(5000);
        assertThat(generator.end()).isNull();
        assertThat(first.get(4999).emitAt()).isAfter(generator.start().plus(Duration.ofDays(1)));
    }

    @Test
    void shouldRefuseAnImpossibleScenarioNamingTheKey() {
        assertThatThrownBy(() -> new ScenarioConfig(with(aSmallCounty(), ScenarioConfig.HOURLY_PROFILE, "1,2,3")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ScenarioConfig.HOURLY_PROFILE);
        assertThatThrownBy(() -> new ScenarioConfig(with(aSmallCounty(), ScenarioConfig.COUNTY_CODE, "3301")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ScenarioConfig.COUNTY_CODE);
        assertThatThrownBy(() -> new ScenarioConfig(with(aSmallCounty(), ScenarioConfig.FEVER_THRESHOLD_CELSIUS, 50.0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ScenarioConfig.FEVER_THRESHOLD_CELSIUS);
    }

    /**
     * The ground truth against an independent recount of the records returned: classification
     * redone here from the raw readings and the device registry.
     */
    @Test
    void shouldDescribeExactlyTheRecordsReturned() {
        Map<String, Object> props = with(with(with(with(aSmallCounty(), ScenarioConfig.DUPLICATE_RATE, 0.05),
                ScenarioConfig.MALFORMED_RATE, 0.01), ScenarioConfig.OUTAGE_RATE, 0.3), ScenarioConfig.FAHRENHEIT_DEVICE_SHARE, 0.3);
        ScanGenerator generator = generator(props);
        Map<String, DeviceRegistration> registry = registry(generator);

        List<SimRecord> records = generator.stream().toList();
        GroundTruth truth = generator.groundTruth();

        Recount recount = new Recount(registry, records.stream().filter(r -> r instanceof SimRecord.Scan)
                .map(r -> ((SimRecord.Scan) r).event()).toList(), records.stream().filter(r -> r instanceof SimRecord.Malformed).count());
        assertThat(truth.records()).isEqualTo(records.size());
        assertThat(truth.malformed()).isEqualTo(recount.malformed);
        assertThat(truth.duplicates()).isEqualTo(recount.duplicates);
        assertThat(truth.uniqueEvents()).isEqualTo(recount.unique.size());
        assertThat(truth.recordsBySource()).isEqualTo(recount.recordsBySource);
        assertThat(truth.fevers()).isEqualTo(recount.count(s -> s == TemperatureStatus.FEVER)).isPositive();
        assertThat(truth.temperatureStatus(TemperatureStatus.IMPLAUSIBLE)).isEqualTo(recount.count(s -> s == TemperatureStatus.IMPLAUSIBLE));
        assertThat(truth.healthCodes(HealthCodeColour.YELLOW)).isEqualTo(recount.codes(HealthCodeColour.YELLOW)).isPositive();
        assertThat(truth.healthCodes(HealthCodeColour.RED)).isEqualTo(recount.codes(HealthCodeColour.RED)).isPositive();
        assertThat(truth.deviceFaultScans()).isEqualTo(recount.deviceFaults());
        assertThat(truth.windows(AreaLevel.VILLAGE, WindowSize.DAY)).hasSize(6)
                .allSatisfy((key, figures) -> assertThat(figures).isEqualTo(recount.villageDay(key)));
        long hourlyScans = truth.windows(AreaLevel.VILLAGE, WindowSize.HOUR).values().stream().mapToLong(Figures::scans).sum();
        assertThat(hourlyScans).isEqualTo(recount.unique.size());
    }

    @Test
    void shouldKeepPeopleUnderObservationAwayFromGatesButForBreaches() {
        ScanGenerator generator = generator(underObservation(aSmallCounty()));
        SimWatchlist watchlist = generator.watchlist();
        Map<String, SimWatchlist.Observation> byToken = watchlist.observations().stream()
                .collect(Collectors.toMap(o -> o.entry().getPersonToken(), Function.identity()));

        List<ScanEvent> gate = scans(generator.stream().toList()).stream()
                .filter(e -> e.getSource() == ScanSource.GATE_DEVICE && byToken.containsKey(e.getPersonToken())).toList();

        // residents under CENTRAL observation pass no gate; some under HOME observation go out (a breach each)
        assertThat(watchlist.home()).isNotEmpty();
        assertThat(watchlist.observations()).anySatisfy(o -> assertThat(o.isHome()).isFalse());
        assertThat(gate).isNotEmpty().allSatisfy(e -> assertThat(byToken.get(e.getPersonToken()).isHome()).isTrue());
        assertThat(generator.groundTruth().observationBreaches()).isEqualTo(gate.size());
        // far fewer than if they came and went like everybody else (about 3 visits a day each, 1 in 5 a breach)
        assertThat((long) gate.size()).isLessThan(watchlist.home().size() * 2L);
    }

    @Test
    void shouldReportCheckinsByPhoneAppWithinTheSlotsOwedFromHome() {
        ScanGenerator generator = generator(underObservation(aSmallCounty()));
        CheckinSchedule schedule = CheckinSchedule.parse(ScenarioConfig.DEFAULT_CHECKIN_SCHEDULE, SHANGHAI);
        Map<String, SimWatchlist.Observation> home = generator.watchlist().home().stream()
                .collect(Collectors.toMap(o -> o.entry().getPersonToken(), Function.identity()));

        List<ScanEvent> checkins = scans(generator.stream().toList()).stream()
                .filter(e -> e.getSource() == ScanSource.PHONE_APP && home.containsKey(e.getPersonToken())).toList();

        // two slots on the simulated day, each reported by most of those who owe it, once, with a temperature
        assertThat(checkins).hasSizeBetween(home.size(), home.size() * 2).allSatisfy(e -> {
            assertThat(e.getTemperature()).isNotNull();
            assertThat(e.getDeviceId()).isEqualTo("APP-" + home.get(e.getPersonToken()).entry().getVillageCode());
            assertThat(schedule.slotOf(e.getScannedAt())).isPresent();
        });
        assertThat(checkins.stream().map(e -> e.getPersonToken() + schedule.slotOf(e.getScannedAt()).orElseThrow().id()))
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldOweTheSlotOpenAtTheStartAndReportInItsRemainder() {
        // Given a run that starts half an hour before the morning deadline
        ScanGenerator generator = generator(with(underObservation(aSmallCounty()), ScenarioConfig.START, "2022-12-01T09:30"));
        Instant deadline = Instant.parse("2022-12-01T02:00:00Z"); // 10:00 Shanghai
        Set<String> home = generator.watchlist().home().stream().map(o -> o.entry().getPersonToken()).collect(Collectors.toSet());

        List<ScanEvent> morning = scans(generator.stream().toList()).stream()
                .filter(e -> e.getSource() == ScanSource.PHONE_APP && home.contains(e.getPersonToken()))
                .filter(e -> e.getScannedAt().isBefore(deadline)).toList();
        GroundTruth truth = generator.groundTruth();

        // Then the morning slot is owed by everyone under HOME observation: reported in the half hour, or missed
        long missedMorning = truth.missedCheckins().stream().filter(m -> m.deadline().equals(deadline)).count();
        assertThat(morning).allSatisfy(e -> assertThat(e.getScannedAt()).isAfterOrEqualTo(generator.start()));
        assertThat(morning.size() + missedMorning).isEqualTo(home.size());
    }

    /**
     * Breaches and missed check-ins against an independent recount of the records returned, from the
     * watchlist entries as published; and every other figure stays exact with the check-ins among the scans.
     */
    @Test
    void shouldCountBreachesAndMissedCheckinsExactly() {
        Map<String, Object> props = with(with(underObservation(aSmallCounty()), ScenarioConfig.DURATION_MS, 2 * 86_400_000L),
                ScenarioConfig.DUPLICATE_RATE, 0.05);
        ScanGenerator generator = generator(props);
        Map<String, DeviceRegistration> registry = registry(generator);

        List<SimRecord> records = generator.stream().toList();
        GroundTruth truth = generator.groundTruth();

        Recount recount = new Recount(registry, scans(records, true), 0);
        CheckinSchedule schedule = CheckinSchedule.parse(ScenarioConfig.DEFAULT_CHECKIN_SCHEDULE, SHANGHAI);
        Set<String> missed = recount.missedCheckins(generator.watchlistEntries(), generator.watchlist().knownSince(), schedule,
                generator.watchlist().knownSince(), generator.end());
        assertThat(truth.checkinsSettledUntil()).isEqualTo(generator.end());
        assertThat(truth.observationBreaches()).isEqualTo(recount.breaches(generator.watchlistEntries())).isPositive();
        assertThat(truth.missedCheckins()).map(m -> m.personToken() + "@" + m.deadline()).containsExactlyInAnyOrderElementsOf(missed);
        assertThat(missed).isNotEmpty();
        assertThat(truth.missedCheckinsDueBy(Instant.parse("2022-12-01T10:00:00Z"))).isEqualTo(
                missed.stream().filter(m -> !Instant.parse(m.substring(m.indexOf('@') + 1)).isAfter(Instant.parse("2022-12-01T10:00:00Z"))).count());
        assertThat(truth.uniqueEvents()).isEqualTo(recount.unique.size());
        assertThat(truth.fevers()).isEqualTo(recount.count(st -> st == TemperatureStatus.FEVER));
        assertThat(truth.windows(AreaLevel.VILLAGE, WindowSize.DAY)).hasSize(12)
                .allSatisfy((key, figures) -> assertThat(figures).isEqualTo(recount.villageDay(key)));
    }

    @Test
    void shouldCountOnlyTheCheckinsSettledSoFarWhileRunning() {
        ScanGenerator generator = generator(underObservation(aSmallCounty()));

        // the records up to the evening: the morning slot is settled, the evening one is not
        List<SimRecord> untilEvening = new ArrayList<>();
        Instant evening = Instant.parse("2022-12-01T09:00:00Z"); // 17:00 Shanghai
        while (generator.hasNext()) {
            SimRecord record = generator.next();
            untilEvening.add(record);
            if (record.emitAt().isAfter(evening)) {
                break;
            }
        }
        GroundTruth truth = generator.groundTruth();

        assertThat(truth.checkinsSettledUntil()).isEqualTo(untilEvening.get(untilEvening.size() - 1).emitAt());
        assertThat(truth.missedCheckins()).isNotEmpty()
                .allSatisfy(m -> assertThat(m.deadline()).isEqualTo(Instant.parse("2022-12-01T02:00:00Z")));
    }

    @Test
    void shouldRefuseACheckinScheduleScreeningCouldNotUse() {
        assertThatThrownBy(() -> new ScenarioConfig(with(aSmallCounty(), ScenarioConfig.CHECKIN_SCHEDULE, "18:00,10:00")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ScenarioConfig.CHECKIN_SCHEDULE);
        assertThatThrownBy(() -> new ScenarioConfig(with(with(aSmallCounty(), ScenarioConfig.OBSERVATION_HOME_SHARE, 0.7),
                ScenarioConfig.OBSERVATION_CENTRAL_SHARE, 0.5)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(ScenarioConfig.OBSERVATION_HOME_SHARE);
    }

    // ---------------------------------------------------------------- helpers

    /** One resident in twenty under HOME observation, one in fifty CENTRAL: enough of each for a day's figures. */
    private static Map<String, Object> underObservation(Map<String, Object> props) {
        return with(with(props, ScenarioConfig.OBSERVATION_HOME_SHARE, 0.05), ScenarioConfig.OBSERVATION_CENTRAL_SHARE, 0.02);
    }

    /** The scans of {@code records}, with their resends when {@code withDuplicates}. */
    private static List<ScanEvent> scans(List<SimRecord> records, boolean withDuplicates) {
        return records.stream().filter(r -> r instanceof SimRecord.Scan s && (withDuplicates || !s.duplicate()))
                .map(r -> ((SimRecord.Scan) r).event()).toList();
    }

    private static GroundTruth drain(ScanGenerator generator) {
        generator.forEachRemaining(r -> { });
        return generator.groundTruth();
    }

    private static List<ScanEvent> scans(List<SimRecord> records) {
        return records.stream().filter(r -> r instanceof SimRecord.Scan s && !s.duplicate())
                .map(r -> ((SimRecord.Scan) r).event()).toList();
    }

    private static Map<String, DeviceRegistration> registry(ScanGenerator generator) {
        return generator.deviceRegistrations().stream().collect(Collectors.toMap(DeviceRegistration::getDeviceId, Function.identity()));
    }

    private static List<String> fingerprints(List<SimRecord> records) {
        return records.stream().map(r -> r instanceof SimRecord.Scan s
                ? s.emitAt() + "|" + s.duplicate() + "|" + s.event()
                : r.emitAt() + "|" + Arrays.toString(((SimRecord.Malformed) r).value())).toList();
    }
}

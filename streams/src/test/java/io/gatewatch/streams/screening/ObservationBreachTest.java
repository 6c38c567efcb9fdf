package io.gatewatch.streams.screening;

import static io.gatewatch.schema.testing.ScanEventBuilder.token;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.T0;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.T0_DAY;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.VILLAGE_1;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.VILLAGE_2;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aCentralObservation;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aDevice;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aHomeObservation;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aScan;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Severity;
import io.gatewatch.schema.Topics;
import io.gatewatch.streams.common.StorePlacement;
import io.gatewatch.streams.screening.testsupport.ScreeningDriver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * OBSERVATION_BREACH: a person under HOME observation scanned at a gate, whichever arrives first,
 * the watchlist entry or the scan (within the default 10 min lookback). T0 is 16:00 on 2024-01-15
 * in Asia/Shanghai, the first day of the default observation. Every case runs with the lookback on
 * the heap and in RocksDB ({@code screening.observation.sightings.store}).
 */
class ObservationBreachTest {
    @Nested
    class OnTheHeap extends Cases {
        OnTheHeap() {
            super(StorePlacement.IN_MEMORY);
        }
    }

    @Nested
    class InRocksDb extends Cases {
        InRocksDb() {
            super(StorePlacement.ROCKS_DB);
        }
    }

    abstract static class Cases {
        private static final String EAST_GATE = "gate-east";
        private final Map<String, String> placement;
        @AutoClose
        private final ScreeningDriver screening;

        Cases(StorePlacement placement) {
            this.placement = Map.of(ScreeningConfig.SIGHTINGS_STORE, placement.value());
            this.screening = ScreeningDriver.start(this.placement)
                    .register(aDevice(EAST_GATE).atCheckpoint("cp-east").inVillage(VILLAGE_2).build());
        }

        @Test
        void shouldRaiseABreachWhenAPersonOnTheWatchlistPassesAGate() {
            // Given zhang-san under home observation for village 1
            screening.watch(aHomeObservation().of("zhang-san").inVillage(VILLAGE_1).build());

            // When he is scanned at the east gate of village 2
            ScanEvent scan = atEastGate("zhang-san");
            screening.send(scan);

            // Then one critical breach, keyed and placed by the gate's village, at the scan's time
            List<TestRecord<String, ScreeningAlert>> breaches = screening.alertRecords(Topics.ALERTS_OBSERVATION);
            assertThat(breaches).hasSize(1);
            assertThat(breaches.get(0).key()).isEqualTo(VILLAGE_2);
            assertThat(breaches.get(0).timestamp()).isEqualTo(T0.toEpochMilli());
            ScreeningAlert breach = breaches.get(0).value();
            assertThat(breach.getAlertId()).isEqualTo(scan.getEventId() + "/OBSERVATION_BREACH");
            assertThat(breach.getType()).isEqualTo(AlertType.OBSERVATION_BREACH);
            assertThat(breach.getSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(breach.getCheckpointId()).isEqualTo("cp-east");
            assertThat(breach.getVillageCode()).isEqualTo(VILLAGE_2);
            assertThat(breach.getPersonToken()).isEqualTo(token("zhang-san"));
            assertThat(breach.getScannedAt()).isEqualTo(T0);
            assertThat(screening.count(MetricNames.ALERTS, "type", "OBSERVATION_BREACH", "severity", "CRITICAL")).isEqualTo(1.0);
        }

        @Test
        void shouldRaiseTheSameBreachWhenTheScanArrivesBeforeTheWatchlistEntry() {
            // Given zhang-san scanned at the gate before the health authority's import reached screening
            ScanEvent scan = atEastGate("zhang-san");
            screening.send(scan);
            screening.advance(Duration.ofMinutes(4));

            // When his entry arrives, within the lookback
            screening.watch(aHomeObservation().of("zhang-san").build());

            // Then the breach is raised, under the same id as in the other order
            assertThat(screening.alerts(Topics.ALERTS_OBSERVATION))
                    .extracting(ScreeningAlert::getAlertId).containsExactly(scan.getEventId() + "/OBSERVATION_BREACH");
        }

        @Test
        void shouldRaiseTheBreachForAScanSeenBeforeACrashThatLostTheSightingsStore() {
            // Given zhang-san scanned at the gate, then a crash: the sightings store has no changelog, only its journal comes back
            ScreeningDriver beforeCrash = ScreeningDriver.startAtLeastOnce(placement)
                    .register(aDevice(EAST_GATE).atCheckpoint("cp-east").inVillage(VILLAGE_2).build());
            ScanEvent scan = atEastGate("zhang-san");
            beforeCrash.send(scan);
            try (ScreeningDriver afterCrash = beforeCrash.restartLosing(ScreeningNames.OBSERVATION_SIGHTINGS_STORE)
                    .register(aDevice(EAST_GATE).atCheckpoint("cp-east").inVillage(VILLAGE_2).build())) {
                afterCrash.advance(Duration.ofMinutes(4));

                // When his entry arrives, within the lookback
                afterCrash.watch(aHomeObservation().of("zhang-san").build());

                // Then the sighting was put back from the journal and judged
                assertThat(afterCrash.alerts(Topics.ALERTS_OBSERVATION))
                        .extracting(ScreeningAlert::getAlertId).containsExactly(scan.getEventId() + "/OBSERVATION_BREACH");
            }
        }

        @Test
        void shouldNotJudgeAScanOlderThanTheLookbackWhenTheEntryArrives() {
            // Given a gate scan, then 20 minutes (more than the 10 min lookback) of other traffic
            screening.send(atEastGate("zhang-san"));
            screening.advance(Duration.ofMinutes(20));
            screening.send(aScan().fromDevice(EAST_GATE).of("li-si").at(T0.plus(Duration.ofMinutes(20))).build());

            // When zhang-san's entry arrives
            screening.watch(aHomeObservation().of("zhang-san").build());

            // Then that scan is beyond the bound: no breach
            assertThat(screening.alerts(Topics.ALERTS_OBSERVATION)).isEmpty();
        }

        @Test
        void shouldRaiseNothingAfterTheReleaseDay() {
            // Given zhang-san's observation from the day before, released on T0's day
            screening.watch(aHomeObservation().of("zhang-san").from(T0_DAY.minusDays(1)).build());
            screening.watch(aHomeObservation().of("zhang-san").from(T0_DAY.minusDays(1)).releasedOn(T0_DAY).build());

            // When he passes the gate on the release day
            screening.send(atEastGate("zhang-san"));

            // Then he is free to
            assertThat(screening.alerts(Topics.ALERTS_OBSERVATION)).isEmpty();
        }

        @Test
        void shouldRaiseNothingOnceThePersonIsErasedFromTheWatchlist() {
            screening.watch(aHomeObservation().of("zhang-san").build());
            screening.erase(token("zhang-san"));

            screening.send(atEastGate("zhang-san"));

            assertThat(screening.alerts(Topics.ALERTS_OBSERVATION)).isEmpty();
        }

        @Test
        void shouldNeverRaiseABreachForCentralObservation() {
            // Given zhang-san under central (facility) observation, scanned at a gate before and after the entry arrived
            screening.send(atEastGate("zhang-san"));
            screening.watch(aCentralObservation().of("zhang-san").build());
            screening.send(atEastGate("zhang-san"));

            // Then the facility's gates are its own business
            assertThat(screening.alerts(Topics.ALERTS_OBSERVATION)).isEmpty();
        }

        @Test
        void shouldNotRaiseABreachForAScanBeforeTheObservationStarts() {
            // Given an observation starting the day after T0
            screening.watch(aHomeObservation().of("zhang-san").from(T0_DAY.plusDays(1)).build());

            screening.send(atEastGate("zhang-san"));

            assertThat(screening.alerts(Topics.ALERTS_OBSERVATION)).isEmpty();
        }

        @Test
        void shouldRaiseABreachOnceWhenTheSameEntryIsImportedAgain() {
            // Given a breach raised when the scan arrived
            screening.watch(aHomeObservation().of("zhang-san").build());
            screening.send(atEastGate("zhang-san"));

            // When the same watchlist file is imported again
            screening.watch(aHomeObservation().of("zhang-san").build());

            // Then the breach is not raised a second time
            assertThat(screening.alerts(Topics.ALERTS_OBSERVATION)).hasSize(1);
        }

        @Test
        void shouldNotTreatACheckinReportAsABreach() {
            screening.watch(aHomeObservation().of("zhang-san").build());

            screening.send(aScan().from(ScanSource.PHONE_APP).fromDevice("app-zhang").inVillage(VILLAGE_1).of("zhang-san").at(T0).build());

            assertThat(screening.alerts(Topics.ALERTS_OBSERVATION)).isEmpty();
        }

        private static ScanEvent atEastGate(String person) {
            return aScan().fromDevice(EAST_GATE).of(person).at(T0).build();
        }
    }
}

package io.gatewatch.streams.screening;

import static io.gatewatch.schema.testing.ScanEventBuilder.token;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.VILLAGE_2;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aDevice;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aHomeObservation;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aScan;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.schema.ObservationPartitioning;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import io.gatewatch.streams.common.StreamsSettings;
import io.gatewatch.streams.screening.testsupport.EmbeddedScreening;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Breaches and missed check-ins on a real broker under exactly-once: the watchlist written as
 * {@code gatewatch observation} writes it meets gate scans in either order, and after the
 * application is replaced (local state wiped, stores restored from their changelogs) no
 * missed check-in is raised twice. The check-in schedule is in UTC; entries are stamped as known
 * since yesterday's midnight, so yesterday's 10:00 slot is owed and long past.
 */
class ObservationIT {
    private static final String EAST_GATE = "gate-east";

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path stateDir;

    @Test
    void shouldRaiseBreachesInEitherOrderAndEachMissedCheckinOnceAcrossAReplacedInstance() {
        Instant now = Instant.now();
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Instant knownSince = yesterday.atStartOfDay(ZoneOffset.UTC).toInstant();
        long yesterdayMorningDue = yesterday.atTime(10, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        try (EmbeddedScreening screening = new EmbeddedScreening(KAFKA.broker(), stateDir, StreamsSettings.EXACTLY_ONCE_V2, 1)) {
            screening.withScreeningSettings(Map.of(ScreeningConfig.TIME_ZONE, "UTC",
                    ScreeningConfig.OBSERVATION_PUNCTUATION_INTERVAL_MS, 200L));
            screening.createTopics();
            screening.registerDevices(List.of(aDevice(EAST_GATE).atCheckpoint("cp-east").inVillage(VILLAGE_2).build()));
            screening.start(Duration.ofSeconds(60));

            // Given zhang-san on the watchlist since yesterday, then scanned at a gate (entry first);
            // and li-si scanned at the gate, then put on the watchlist (scan first)
            ScanEvent zhang = aScan().fromDevice(EAST_GATE).of("zhang-san").at(now.minusSeconds(60)).build();
            ScanEvent li = aScan().fromDevice(EAST_GATE).of("li-si").at(now.minusSeconds(60)).build();
            screening.send(List.of(screening.watch(observedSinceYesterday("zhang-san", yesterday), knownSince)));
            screening.send(List.of(screening.scan(zhang), screening.scan(li)));
            awaitAlert(screening, zhang.getEventId() + "/OBSERVATION_BREACH");
            Awaitility.await("sightings processed").atMost(Duration.ofSeconds(60)).until(screening::caughtUp);
            screening.send(List.of(screening.watch(observedSinceYesterday("li-si", yesterday), now)));

            // Then both breaches, and zhang-san's missed check-in of yesterday morning
            String zhangMissed = token("zhang-san") + "/MISSED_CHECKIN/" + yesterdayMorningDue;
            awaitAlert(screening, li.getEventId() + "/OBSERVATION_BREACH");
            awaitAlert(screening, zhangMissed);

            // When the instance is replaced, and a person known since yesterday joins zhang-san's task
            screening.stopAndWipeLocalState();
            screening.start(Duration.ofSeconds(60));
            String wang = personInTheTaskOf("zhang-san");
            screening.send(List.of(screening.watch(observedSinceYesterday(wang, yesterday), knownSince)));
            // the punctuation that raises wang's slot also re-judges zhang-san's, in the same transaction
            awaitAlert(screening, token(wang) + "/MISSED_CHECKIN/" + yesterdayMorningDue);

            // Then nothing was raised twice
            List<String> ids = alertIds(screening);
            assertThat(ids).containsOnlyOnce(zhangMissed, zhang.getEventId() + "/OBSERVATION_BREACH",
                    li.getEventId() + "/OBSERVATION_BREACH");
            assertThat(ids).doesNotHaveDuplicates();
        }
    }

    private static io.gatewatch.schema.ObservationEntry observedSinceYesterday(String person, LocalDate yesterday) {
        return aHomeObservation().of(person).from(yesterday.minusDays(1)).to(yesterday.plusDays(3)).build();
    }

    /** A person whose watchlist entry lands in {@code person}'s partition, hence in the same task. */
    private static String personInTheTaskOf(String person) {
        int partition = ObservationPartitioning.partitionOf(token(person), EmbeddedScreening.PARTITIONS);
        for (int i = 0; ; i++) {
            String candidate = "wang-wu-" + i;
            if (ObservationPartitioning.partitionOf(token(candidate), EmbeddedScreening.PARTITIONS) == partition) {
                return candidate;
            }
        }
    }

    private static void awaitAlert(EmbeddedScreening screening, String alertId) {
        Awaitility.await(alertId).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> alertIds(screening).contains(alertId));
    }

    private static List<String> alertIds(EmbeddedScreening screening) {
        return screening.readCommitted(Topics.ALERTS_OBSERVATION).stream()
                .map(r -> screening.serdes.alert().deserializer().deserialize(Topics.ALERTS_OBSERVATION, r.value()).getAlertId())
                .toList();
    }
}

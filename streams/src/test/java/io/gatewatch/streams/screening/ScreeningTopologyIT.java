package io.gatewatch.streams.screening;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.RejectedRecordHeaders;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreenedScanPartitioning;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Topics;
import io.gatewatch.streams.common.RejectedRecords;
import io.gatewatch.streams.common.StreamsSettings;
import io.gatewatch.streams.screening.testsupport.EmbeddedScreening;
import io.gatewatch.streams.screening.testsupport.ScanScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The screening topology on a real broker with exactly-once: a few thousand scans with known
 * ground truth ({@link ExpectedScreening}, computed without the production code) produce exactly
 * the expected screened scans, dead letters and alerts — no more, no fewer, no duplicates.
 */
class ScreeningTopologyIT {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ScreeningTopologyIT.class);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path stateDir;

    @Test
    void shouldEmitExactlyTheExpectedOutputsUnderExactlyOnce() {
        // Given a seeded scenario of 3000 scans with retries and refusals, and its independently computed outcome
        ScanScenario scenario = ScanScenario.generate(20240115L, Instant.now(), 3000, true);
        ExpectedScreening expected = new ExpectedScreening(scenario);
        LOG.info("Scenario: {} records, expecting {} screened, {} duplicates, rejected {}, alerts {}", scenario.records.size(),
                expected.screenedEventIds.size(), expected.duplicates, expected.rejectedByReason,
                expected.alertIdsByTopic.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size())));
        assertThat(expected.alertIdsByTopic.get(Topics.ALERTS_ESCALATION)).as("scenario exercises escalation").isNotEmpty();
        assertThat(expected.alertIdsByTopic.get(Topics.FAULTS_DEVICE)).as("scenario exercises the fault rate")
                .anyMatch(id -> id.endsWith("/DEVICE_FAULT_RATE"));

        try (EmbeddedScreening screening = new EmbeddedScreening(KAFKA.broker(), stateDir, StreamsSettings.EXACTLY_ONCE_V2, 1)) {
            screening.createTopics();
            screening.registerDevices(scenario.devices);
            screening.start(Duration.ofSeconds(60));

            // When every record is sent and processed
            screening.send(screening.serialise(scenario.records));
            Awaitility.await("screening caught up").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(screening::caughtUp);

            // Then the screened scans are exactly the valid, de-duplicated ones
            List<ConsumerRecord<byte[], byte[]>> screenedRecords = screening.readCommitted(Topics.SCANS_SCREENED);
            List<ScreenedScan> screened = screenedRecords.stream()
                    .map(r -> screening.serdes.screened().deserializer().deserialize(Topics.SCANS_SCREENED, r.value()))
                    .toList();
            // each in its county's partition, marked so (the counts topology relies on it)
            assertThat(screenedRecords).allSatisfy(r -> {
                String village = screening.serdes.key().deserializer().deserialize(Topics.SCANS_SCREENED, r.key());
                assertThat(r.partition()).isEqualTo(ScreenedScanPartitioning.partitionOf(village, EmbeddedScreening.PARTITIONS));
                assertThat(ScreenedScanPartitioning.isMarkedByCounty(r.headers())).isTrue();
            });
            assertThat(screened).hasSize(expected.screenedEventIds.size());
            assertThat(screened.stream().map(s -> s.getScan().getEventId()).collect(Collectors.toSet()))
                    .isEqualTo(expected.screenedEventIds);

            // And every alert topic holds exactly the expected alert ids, each once
            for (String topic : Topics.ALERT_TOPICS) {
                List<String> ids = screening.readCommitted(topic).stream()
                        .map(r -> screening.serdes.alert().deserializer().deserialize(topic, r.value()))
                        .map(ScreeningAlert::getAlertId).toList();
                assertThat(ids).as("duplicates on " + topic).doesNotHaveDuplicates();
                assertThat(Set.copyOf(ids)).as(topic).isEqualTo(expected.alertIdsByTopic.get(topic));
            }

            // And the dead letters are exactly the refused records, by reason
            List<ConsumerRecord<byte[], byte[]>> rejected = screening.readCommitted(Topics.SCANS_REJECTED);
            Map<String, Long> reasons = rejected.stream()
                    .map(r -> RejectedRecords.value(r.headers(), RejectedRecordHeaders.REASON))
                    .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
            assertThat(reasons).isEqualTo(expected.rejectedByReason);

            // And the metrics agree
            assertThat(screening.meters.get(MetricNames.SCANS_DUPLICATE).counter().count()).isEqualTo(expected.duplicates);
            assertThat(screening.meters.find(MetricNames.SCANS).counters().stream().mapToDouble(c -> c.count()).sum())
                    .isEqualTo(expected.screenedEventIds.size());
            expected.rejectedByReason.forEach((reason, count) ->
                    assertThat(screening.meters.get(MetricNames.SCANS_REJECTED).tag("reason", reason).counter().count())
                            .as(reason).isEqualTo(count.doubleValue()));
            assertThat(screening.meters.find(MetricNames.ALERTS).counters().stream().mapToDouble(c -> c.count()).sum())
                    .isEqualTo(expected.alertCount());
        }
    }
}

package io.gatewatch.sinks.jdbc;

import static io.gatewatch.sinks.testing.Alerts.T0;
import static io.gatewatch.sinks.testing.Alerts.anAlert;
import static io.gatewatch.sinks.testing.Counts.aCount;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.poison.PoisonReason;
import io.gatewatch.sinks.testing.Counts;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchTest {
    private static final Duration MAX_AGE = Duration.ofMillis(500);
    private final Batch batch = new Batch();

    @Test
    void shouldBeFullAtTheSizeBound() {
        batch.add(alert("E1", 0, 0), 0);
        batch.add(alert("E2", 0, 1), 0);

        assertThat(batch.isFull(3)).isFalse();
        batch.add(alert("E3", 0, 2), 0);
        assertThat(batch.isFull(3)).isTrue();
    }

    @Test
    void shouldBecomeDueWhenTheFirstRecordHasWaitedTheMaximumAge() {
        long first = 1_000_000L;
        batch.add(alert("E1", 0, 0), first);
        batch.add(alert("E2", 0, 1), first + MAX_AGE.toNanos() - 1);

        assertThat(batch.isDue(first + MAX_AGE.toNanos() - 1, MAX_AGE)).isFalse();
        assertThat(batch.timeUntilDue(first + 100, MAX_AGE)).isEqualTo(MAX_AGE.minusNanos(100));
        assertThat(batch.isDue(first + MAX_AGE.toNanos(), MAX_AGE)).isTrue();
    }

    @Test
    void shouldNeverBeDueWhenEmpty() {
        assertThat(batch.isDue(Long.MAX_VALUE, MAX_AGE)).isFalse();
        assertThat(batch.timeUntilDue(0, MAX_AGE)).isEqualTo(MAX_AGE);
    }

    @Test
    void shouldAdvanceEachPartitionPastItsLastRecord() {
        batch.add(alert("E1", 0, 7), 0);
        batch.add(alert("E2", 1, 3), 0);
        batch.add(alert("E3", 0, 8), 0);

        assertThat(batch.nextOffsets()).containsExactlyInAnyOrderEntriesOf(Map.of(
                new TopicPartition(Topics.ALERTS_FEVER, 0), 9L,
                new TopicPartition(Topics.ALERTS_FEVER, 1), 4L));
    }

    @Test
    void shouldKeepTheFirstAlertOfARepeatedAlertId() {
        AlertRow first = alert("E1", 0, 0);
        batch.add(first, 0);
        batch.add(alert("E1", 0, 1), 0);

        assertThat(batch.alerts()).containsExactly(first);
        assertThat(batch.size()).isEqualTo(2);
    }

    @Test
    void shouldKeepOnlyTheLatestUpdateOfEachCountKey() {
        batch.add(count(aCount().forVillage("110101001001").withScans(3), 0), 0);
        batch.add(count(aCount().forVillage("110101001002").withScans(5), 1), 0);
        batch.add(count(aCount().forVillage("110101001001").withScans(4), 2), 0);

        assertThat(batch.counts()).extracting(row -> row.key().areaCode(), row -> row.count().getScans())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("110101001002", 5L),
                        org.assertj.core.groups.Tuple.tuple("110101001001", 4L));
    }

    @Test
    void shouldLetATombstoneReplaceAnEarlierCountUpdate() {
        Counts count = aCount().forVillage("110101001001");
        batch.add(count(count, 0), 0);
        batch.add(new AreaCountRow(AreaCountRow.Key.of(count.key()), null, source(Topics.COUNTS_HOURLY, 0, 1)), 0);

        assertThat(batch.counts()).singleElement().satisfies(row -> assertThat(row.isDeletion()).isTrue());
    }

    @Test
    void shouldAddRejectedScansOfTheSameHourReasonAndTopicIntoOneSummary() {
        batch.add(rejected("MISSING_FIELD", T0.plusSeconds(10), 0), 0);
        batch.add(rejected("MISSING_FIELD", T0.plusSeconds(20), 1), 0);
        batch.add(rejected("BAD_TEMPERATURE", T0.plusSeconds(30), 2), 0);
        batch.add(rejected("MISSING_FIELD", T0.plusSeconds(3_600), 3), 0);

        assertThat(batch.rejectedSummaries())
                .extracting(RejectedSummary::hourStart, RejectedSummary::reason, RejectedSummary::rejected, RejectedSummary::lastSeenAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(T0, "MISSING_FIELD", 2L, T0.plusSeconds(20)),
                        org.assertj.core.groups.Tuple.tuple(T0, "BAD_TEMPERATURE", 1L, T0.plusSeconds(30)),
                        org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(3_600), "MISSING_FIELD", 1L, T0.plusSeconds(3_600)));
        assertThat(batch.rejectedDetails()).hasSize(4);
    }

    @Test
    void shouldSummariseLateScansPerEventHourAndDevice() {
        batch.add(late("D1", T0.plusSeconds(100), 0), 0);
        batch.add(late("D1", T0.plusSeconds(50), 1), 0);
        batch.add(late("D2", T0.plusSeconds(70), 2), 0);

        assertThat(batch.lateSummaries())
                .extracting(LateScanSummary::deviceId, LateScanSummary::lateScans, LateScanSummary::firstScanAt,
                        LateScanSummary::lastScanAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("D1", 2L, T0.plusSeconds(50), T0.plusSeconds(100)),
                        org.assertj.core.groups.Tuple.tuple("D2", 1L, T0.plusSeconds(70), T0.plusSeconds(70)));
    }

    @Test
    void shouldCountALateScanThatMissedItsHourAndItsDayOnceForEachWindow() {
        batch.add(lateFor("hour", 0), 0);
        batch.add(lateFor("day", 1), 0);

        assertThat(batch.lateSummaries()).singleElement().satisfies(s -> {
            assertThat(s.lateScans()).isEqualTo(2);
            assertThat(s.missedHour()).isEqualTo(1);
            assertThat(s.missedDay()).isEqualTo(1);
        });
    }

    @Test
    void shouldKeepLateScansOfADeviceCountedInTwoVillagesApart() {
        batch.add(new LateScanRow(source(Topics.SCANS_LATE, 0, 0), "D1", "GATE_DEVICE", "110101001001", "CP1", "hour", T0), 0);
        batch.add(new LateScanRow(source(Topics.SCANS_LATE, 0, 1), "D1", "GATE_DEVICE", "110101001002", "CP2", "hour", T0), 0);

        assertThat(batch.lateSummaries()).extracting(LateScanSummary::villageCode, LateScanSummary::lateScans)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("110101001001", 1L),
                        org.assertj.core.groups.Tuple.tuple("110101001002", 1L));
    }

    @Test
    void shouldCountStatementRowsPerTable() {
        batch.add(alert("E1", 0, 0), 0);
        batch.add(alert("E1", 0, 1), 0);
        batch.add(rejected("MISSING_FIELD", T0, 0), 0);
        batch.add(new DeadLetterRow(source(Topics.ALERTS_FEVER, 0, 2), PoisonReason.UNDESERIALIZABLE, "bad bytes"), 0);

        assertThat(batch.rowsPerTable()).containsExactlyInAnyOrderEntriesOf(Map.of(
                SinkTable.ALERT, 1,
                SinkTable.REJECTED_SCAN_SUMMARY, 1,
                SinkTable.REJECTED_SCAN_DETAIL, 1,
                SinkTable.SINK_DEAD_LETTER, 1));
    }

    @Test
    void shouldForgetEverythingWhenCleared() {
        batch.add(alert("E1", 0, 0), 0);

        batch.clear();

        assertThat(batch.isEmpty()).isTrue();
        assertThat(batch.alerts()).isEmpty();
        assertThat(batch.nextOffsets()).isEmpty();
    }

    private static RecordSource source(String topic, int partition, long offset) {
        return new RecordSource(topic, partition, offset, T0);
    }

    private static AlertRow alert(String eventId, int partition, long offset) {
        return AlertRow.of(anAlert().forEvent(eventId).build(), source(Topics.ALERTS_FEVER, partition, offset));
    }

    private static AreaCountRow count(Counts count, long offset) {
        return new AreaCountRow(AreaCountRow.Key.of(count.key()), count.build(), source(Topics.COUNTS_HOURLY, 0, offset));
    }

    private static RejectedScanRow rejected(String reason, Instant at, long offset) {
        return new RejectedScanRow(new RecordSource(Topics.SCANS_REJECTED, 0, offset, at), reason, null, Topics.SCANS, 0, offset,
                1, 10);
    }

    private static LateScanRow late(String device, Instant scannedAt, long offset) {
        return new LateScanRow(source(Topics.SCANS_LATE, 0, offset), device, "GATE_DEVICE", "110101001001", "CP1", "hour",
                scannedAt);
    }

    private static LateScanRow lateFor(String window, long offset) {
        return new LateScanRow(source(Topics.SCANS_LATE, 0, offset), "D1", "GATE_DEVICE", "110101001001", "CP1", window, T0);
    }
}

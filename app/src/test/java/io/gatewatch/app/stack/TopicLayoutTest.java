package io.gatewatch.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.Topics;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicLayoutTest {
    private final TopicLayout layout = new TopicLayout(6, (short) -1);

    @Test
    void shouldCreateEveryTopicOnce() {
        assertThat(layout.newTopics()).extracting(NewTopic::name).containsExactlyElementsOf(Topics.ALL);
    }

    @Test
    void shouldCoPartitionScansAndTheDeviceRegistry() {
        assertThat(layout.partitionsOf(Topics.DEVICES)).isEqualTo(layout.partitionsOf(Topics.SCANS)).isEqualTo(6);
    }

    @Test
    void shouldPartitionTheWatchlistLikeTheScansItMeetsByPerson() {
        assertThat(layout.partitionsOf(Topics.OBSERVATION)).isEqualTo(layout.partitionsOf(Topics.SCANS));
    }

    @Test
    void shouldCompactTheDeviceRegistryTheGazetteerAndTheWatchlistOnly() {
        assertThat(layout.newTopic(Topics.DEVICES).configs()).containsEntry("cleanup.policy", "compact");
        assertThat(layout.newTopic(Topics.AREAS).configs()).containsEntry("cleanup.policy", "compact");
        assertThat(layout.newTopic(Topics.OBSERVATION).configs()).containsEntry("cleanup.policy", "compact");
        Topics.ALL.stream().filter(t -> !t.equals(Topics.DEVICES) && !t.equals(Topics.AREAS) && !t.equals(Topics.OBSERVATION))
                .forEach(t -> assertThat(layout.newTopic(t).configs()).as(t).doesNotContainKey("cleanup.policy"));
    }

    @Test
    void shouldGiveSmallTopicsHalfThePartitionsButAtLeastOne() {
        assertThat(layout.partitionsOf(Topics.ALERTS_FEVER)).isEqualTo(3);
        assertThat(new TopicLayout(1, (short) 1).partitionsOf(Topics.ALERTS_FEVER)).isEqualTo(1);
    }

    @Test
    void shouldLeaveReplicationToTheBrokerByDefault() {
        assertThat(layout.newTopic(Topics.SCANS).replicationFactor()).isEqualTo((short) -1);
        assertThat(new TopicLayout(6, (short) 3).newTopic(Topics.SCANS).replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void shouldKeepScanLevelTopicsSevenDaysAndAlertsTwentyEightByDefault() {
        long day = Duration.ofDays(1).toMillis();
        assertThat(layout.newTopic(Topics.SCANS).configs()).containsEntry("retention.ms", Long.toString(7 * day));
        assertThat(layout.newTopic(Topics.SCANS_SCREENED).configs()).containsEntry("retention.ms", Long.toString(7 * day));
        assertThat(layout.newTopic(Topics.SCANS_REJECTED).configs()).containsEntry("retention.ms", Long.toString(7 * day));
        assertThat(layout.newTopic(Topics.ALERTS_FEVER).configs()).containsEntry("retention.ms", Long.toString(28 * day));
        assertThat(layout.newTopic(Topics.FAULTS_DEVICE).configs()).containsEntry("retention.ms", Long.toString(28 * day));
        assertThat(layout.newTopic(Topics.COUNTS_DAILY).configs()).containsEntry("retention.ms", Long.toString(28 * day));
    }

    @Test
    void shouldGiveTheCompactedTopicsNoTimeLimit() {
        assertThat(layout.newTopic(Topics.DEVICES).configs()).doesNotContainKey("retention.ms");
        assertThat(layout.newTopic(Topics.AREAS).configs()).doesNotContainKey("retention.ms");
        assertThat(layout.newTopic(Topics.OBSERVATION).configs()).doesNotContainKey("retention.ms");
    }

    @Test
    void shouldKeepAKindForeverWhenItsRetentionIsZero() {
        TopicLayout keepAlerts = new TopicLayout(6, (short) -1, new TopicRetention(Duration.ofDays(1), Duration.ZERO, Duration.ofDays(1)));
        assertThat(keepAlerts.newTopic(Topics.ALERTS_ESCALATION).configs()).containsEntry("retention.ms", "-1");
        assertThat(keepAlerts.newTopic(Topics.SCANS_LATE).configs()).containsEntry("retention.ms", Long.toString(Duration.ofDays(1).toMillis()));
    }
}

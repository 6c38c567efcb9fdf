package io.gatewatch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.schema.Topics;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicsCommandIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private final CliConsole console = new CliConsole(() -> Map.of("GATEWATCH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers()));

    @Test
    void shouldCreateEveryTopicOnceAndListThem() throws Exception {
        // Given no GateWatch topic, 'list' says what is missing and exits non-zero
        assertThat(console.run("topics", "list")).isEqualTo(3);
        assertThat(console.out()).contains("missing  " + Topics.SCANS);

        // When created twice (the second run finds them all)
        assertThat(console.run("topics", "create", "--partitions", "4")).isZero();
        assertThat(console.run("topics", "create", "--partitions", "4")).isZero();

        // Then they exist with the layout's partitions, the registry compacted and alerts kept 28 days
        assertThat(console.out()).contains("exists   " + Topics.SCANS);
        try (Admin admin = KAFKA.broker().admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics).containsOnlyKeys(Topics.ALL);
            assertThat(topics.get(Topics.SCANS).partitions()).hasSize(4);
            assertThat(topics.get(Topics.DEVICES).partitions()).hasSize(4);
            assertThat(topics.get(Topics.ALERTS_FEVER).partitions()).hasSize(2);
            var devices = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DEVICES);
            assertThat(admin.describeConfigs(java.util.List.of(devices)).all().get(30, TimeUnit.SECONDS).get(devices)
                    .get("cleanup.policy").value()).isEqualTo("compact");
            var alerts = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ALERTS_FEVER);
            assertThat(admin.describeConfigs(java.util.List.of(alerts)).all().get(30, TimeUnit.SECONDS).get(alerts)
                    .get("retention.ms").value()).isEqualTo(Long.toString(java.time.Duration.ofDays(28).toMillis()));
        }
        console.clear();
        assertThat(console.run("topics", "list")).isZero();
        assertThat(console.out()).doesNotContain("missing");
    }
}

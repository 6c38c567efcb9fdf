package io.gatewatch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.app.GatewatchCli;
import io.gatewatch.embedded.junit.KafkaBrokerExtension;
import io.gatewatch.schema.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
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

    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        var cli = GatewatchCli.commandLine(Map.of("GATEWATCH_KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void shouldCreateEveryTopicOnceAndListThem() throws Exception {
        // Given no GateWatch topic, 'list' says what is missing and exits non-zero
        assertThat(run("topics", "list")).isEqualTo(3);
        assertThat(out.toString()).contains("missing  " + Topics.SCANS);

        // When created twice (the second run finds them all)
        assertThat(run("topics", "create", "--partitions", "4")).isZero();
        assertThat(run("topics", "create", "--partitions", "4")).isZero();

        // Then they exist with the layout's partitions, the registry compacted and alerts kept 28 days
        assertThat(out.toString()).contains("exists   " + Topics.SCANS);
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
        out.getBuffer().setLength(0);
        assertThat(run("topics", "list")).isZero();
        assertThat(out.toString()).doesNotContain("missing");
    }
}

package io.gatewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaPassthroughTest {
    private final KafkaPassthrough settings = KafkaPassthrough.from(Map.of(
            "kafka.security.protocol", "SSL",
            "kafka.producer.compression.type", "lz4",
            "kafka.consumer.max.poll.records", "1000",
            "kafka.admin.request.timeout.ms", "5000",
            "metrics.port", "9404"));

    @Test
    void shouldGiveCommonSettingsToEveryClient() {
        assertThat(settings.producer()).containsEntry("security.protocol", "SSL");
        assertThat(settings.consumer()).containsEntry("security.protocol", "SSL");
        assertThat(settings.admin()).containsEntry("security.protocol", "SSL");
    }

    @Test
    void shouldGivePerKindSettingsOnlyToThatKind() {
        assertThat(settings.producer()).containsEntry("compression.type", "lz4").doesNotContainKey("max.poll.records");
        assertThat(settings.consumer()).containsEntry("max.poll.records", "1000").doesNotContainKey("compression.type");
        assertThat(settings.admin()).containsEntry("request.timeout.ms", "5000").hasSize(2);
    }

    @Test
    void shouldKeepStreamsOwnClientPrefixes() {
        assertThat(settings.streams()).containsEntry("security.protocol", "SSL")
                .containsEntry("producer.compression.type", "lz4")
                .containsEntry("consumer.max.poll.records", "1000")
                .containsEntry("admin.request.timeout.ms", "5000");
    }

    @Test
    void shouldIgnoreSettingsOutsideTheKafkaPrefix() {
        assertThat(settings.producer()).doesNotContainKey("metrics.port").doesNotContainKey("port");
    }
}

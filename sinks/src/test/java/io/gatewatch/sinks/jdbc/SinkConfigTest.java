package io.gatewatch.sinks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.schema.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SinkConfigTest {
    private final Map<String, Object> props = new HashMap<>(Map.of(
            "bootstrap.servers", "localhost:9092",
            "schema.registry.url", "mock://config",
            SinkConfig.JDBC_URL, "jdbc:postgresql://localhost/gatewatch"));

    @Test
    void shouldSubscribeToEveryStoredTopicByDefault() {
        SinkConfig config = new SinkConfig(props);

        assertThat(config.topics()).containsAll(Topics.ALERT_TOPICS)
                .contains(Topics.COUNTS_HOURLY, Topics.COUNTS_DAILY, Topics.SCANS_REJECTED, Topics.SCANS_LATE, Topics.DEVICES,
                        Topics.OBSERVATION);
        assertThat(config.groupId()).isEqualTo(SinkConfig.DEFAULT_GROUP);
        assertThat(config.batchMaxAge()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldNameTheMissingJdbcUrl() {
        props.remove(SinkConfig.JDBC_URL);

        assertThatThrownBy(() -> new SinkConfig(props)).isInstanceOf(ConfigException.class).hasMessageContaining("jdbc.url");
    }

    @Test
    void shouldRefuseATopicItHasNoTableFor() {
        props.put(SinkConfig.TOPICS, Topics.SCANS_SCREENED);

        assertThatThrownBy(() -> new SinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics").hasMessageContaining("no table");
    }

    @Test
    void shouldRefuseAZeroBatchSize() {
        props.put(SinkConfig.BATCH_MAX_RECORDS, "0");

        assertThatThrownBy(() -> new SinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(SinkConfig.BATCH_MAX_RECORDS);
    }

    @Test
    void shouldKeepAlertsTwentyEightDaysAndAggregatesTwoYearsByDefault() {
        SinkConfig config = new SinkConfig(props);

        assertThat(config.retentionRules()).contains(
                new RetentionRule("alert", "scanned_at", Duration.ofDays(28)),
                new RetentionRule("area_count", "window_start", Duration.ofDays(730)),
                new RetentionRule("rejected_scan_detail", "record_time", Duration.ofDays(7)));
        assertThat(config.retentionPurgeInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(config.retentionDeleteBatchRows()).isEqualTo(5_000);
    }

    @Test
    void shouldKeepAWatchlistEntryTwentyEightDaysAfterItsObservationEndsByDefault() {
        props.put(SinkConfig.RETENTION_OBSERVATION_DAYS, "14");

        assertThat(new SinkConfig(props).retentionRules()).contains(new RetentionRule("observation", "ends_on", Duration.ofDays(14)));
        props.remove(SinkConfig.RETENTION_OBSERVATION_DAYS);
        assertThat(new SinkConfig(props).retentionRules()).contains(new RetentionRule("observation", "ends_on", Duration.ofDays(28)));
    }

    @Test
    void shouldPurgeNothingFromATableKeptForever() {
        props.put(SinkConfig.RETENTION_AREA_COUNT_DAYS, "0");

        assertThat(new SinkConfig(props).retentionRules()).extracting(RetentionRule::table).doesNotContain("area_count").contains("alert");
    }

    @Test
    void shouldNameANegativeRetention() {
        props.put(SinkConfig.RETENTION_ALERT_DAYS, "-1");

        assertThatThrownBy(() -> new SinkConfig(props)).isInstanceOf(ConfigException.class).hasMessageContaining("retention.alert.days");
    }
}

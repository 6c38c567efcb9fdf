package io.gatewatch.streams.counts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.streams.common.StorePlacement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class CountsConfigTest {

    @Test
    void shouldDefaultToShanghaiAndAGraceCoveringANightsOutage() {
        CountsConfig config = new CountsConfig(Map.of());

        assertThat(config.timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(config.hourlyGrace()).isGreaterThanOrEqualTo(Duration.ofHours(12));
        assertThat(config.dailyGrace()).isGreaterThanOrEqualTo(Duration.ofHours(12));
        assertThat(config.emitUpdates()).isTrue();
        assertThat(config.personsStore()).isEqualTo(StorePlacement.IN_MEMORY);
    }

    @Test
    void shouldKeepThePersonsIndexInRocksDbWhenAskedInKafkaStreamsSpelling() {
        assertThat(new CountsConfig(Map.of(CountsConfig.PERSONS_STORE, "rocksDB")).personsStore()).isEqualTo(StorePlacement.ROCKS_DB);
        assertThat(new CountsConfig(Map.of(CountsConfig.PERSONS_STORE, "in_memory")).personsStore()).isEqualTo(StorePlacement.IN_MEMORY);
    }

    @Test
    void shouldNameTheKeyOfAnUnknownPersonsStore() {
        assertThatThrownBy(() -> new CountsConfig(Map.of(CountsConfig.PERSONS_STORE, "redis")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(CountsConfig.PERSONS_STORE);
    }

    @Test
    void shouldCommitTheCountsApplicationOnItsOwnIntervalWhateverTheSharedOne() {
        Properties shared = new Properties();
        shared.put(StreamsConfig.APPLICATION_ID_CONFIG, "gatewatch-counts");
        shared.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100L);

        Properties byDefault = new CountsConfig(Map.of()).streamsProperties(shared);
        Properties configured = new CountsConfig(Map.of(CountsConfig.COMMIT_INTERVAL_MS, "250")).streamsProperties(shared);

        assertThat(byDefault.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(1_000L);
        assertThat(byDefault.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("gatewatch-counts");
        assertThat(configured.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(250L);
        assertThat(shared.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
    }

    @Test
    void shouldNameTheKeyOfAnUnknownTimeZone() {
        assertThatThrownBy(() -> new CountsConfig(Map.of(CountsConfig.TIME_ZONE, "Asia/Atlantis")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(CountsConfig.TIME_ZONE);
    }

    @Test
    void shouldRefuseANegativeGrace() {
        assertThatThrownBy(() -> new CountsConfig(Map.of(CountsConfig.DAILY_GRACE_MS, "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(CountsConfig.DAILY_GRACE_MS);
    }

    @Test
    void shouldRefuseAPunctuationIntervalTooShortToDebounce() {
        assertThatThrownBy(() -> new CountsConfig(Map.of(CountsConfig.PUNCTUATION_INTERVAL_MS, 10L)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(CountsConfig.PUNCTUATION_INTERVAL_MS);
    }

    @Test
    void shouldParseValuesGivenAsStrings() {
        CountsConfig config = new CountsConfig(Map.of(CountsConfig.TIME_ZONE, "Europe/Berlin", CountsConfig.HOURLY_GRACE_MS, "60000",
                CountsConfig.EMIT_UPDATES, "false"));

        assertThat(config.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(config.hourlyGrace()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.emitUpdates()).isFalse();
    }
}

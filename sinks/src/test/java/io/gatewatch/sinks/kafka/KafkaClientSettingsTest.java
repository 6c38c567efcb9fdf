package io.gatewatch.sinks.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {
    private final ConfigDef def = KafkaClientSettings.definePollTimeout(new ConfigDef(), 500L);

    @Test
    void shouldPollForTheDefaultWhenNoTimeoutIsSet() {
        assertThat(KafkaClientSettings.pollTimeout(new AbstractConfig(def, Map.of()))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void shouldPollForTheTimeoutSet() {
        AbstractConfig config = new AbstractConfig(def, Map.of(KafkaClientSettings.POLL_TIMEOUT_MS, "50"));

        assertThat(KafkaClientSettings.pollTimeout(config)).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void shouldRefuseAPollLongerThanAMinuteNamingTheKey() {
        assertThatThrownBy(() -> new AbstractConfig(def, Map.of(KafkaClientSettings.POLL_TIMEOUT_MS, "60001")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("poll.timeout.ms");
    }
}

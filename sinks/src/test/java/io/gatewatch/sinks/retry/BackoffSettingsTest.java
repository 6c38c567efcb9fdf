package io.gatewatch.sinks.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class BackoffSettingsTest {
    private final BackoffSettings settings = new BackoffSettings("db.");
    private final ConfigDef def = settings.define(new ConfigDef(), new Backoff(Duration.ofMillis(200), Duration.ofMillis(10_000), 5),
            "Retries of a failed write.", "Upper bound of the wait.");

    @Test
    void shouldNameTheThreeKeysUnderThePrefix() {
        assertThat(def.names()).containsExactlyInAnyOrder("db.retries", "db.retry.backoff.ms", "db.retry.backoff.max.ms");
    }

    @Test
    void shouldReadTheDefaultsBackWhenNothingIsSet() {
        assertThat(settings.from(new AbstractConfig(def, Map.of())))
                .isEqualTo(new Backoff(Duration.ofMillis(200), Duration.ofMillis(10_000), 5));
    }

    @Test
    void shouldReadTheBackoffTheSettingsGive() {
        AbstractConfig config = new AbstractConfig(def, Map.of("db.retries", "2", "db.retry.backoff.ms", "50", "db.retry.backoff.max.ms", "400"));

        assertThat(settings.from(config)).isEqualTo(new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), 2));
    }

    @Test
    void shouldRefuseANegativeWaitNamingTheKey() {
        assertThatThrownBy(() -> new AbstractConfig(def, Map.of("db.retry.backoff.ms", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("db.retry.backoff.ms");
    }
}

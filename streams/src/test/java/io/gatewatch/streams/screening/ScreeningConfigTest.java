package io.gatewatch.streams.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ScreeningConfigTest {

    @Test
    void shouldDefaultToTheDomainThresholds() {
        ScreeningConfig config = ScreeningConfig.defaults();

        assertThat(config.feverThresholdCelsius()).isEqualTo(37.3);
        assertThat(config.plausibleMinCelsius()).isEqualTo(34.0);
        assertThat(config.plausibleMaxCelsius()).isEqualTo(43.0);
        assertThat(config.dedupeRetentionMs()).isEqualTo(24 * 3_600_000L);
        assertThat(config.escalationWindowMs()).isEqualTo(3_600_000L);
    }

    @Test
    void shouldReadOverridesAsStrings() {
        ScreeningConfig config = new ScreeningConfig(Map.of(ScreeningConfig.FEVER_THRESHOLD_CELSIUS, "37.5"));

        assertThat(config.feverThresholdCelsius()).isEqualTo(37.5);
    }

    @Test
    void shouldRefuseThresholdOutsideThePlausibleRange() {
        assertThatThrownBy(() -> new ScreeningConfig(Map.of(ScreeningConfig.PLAUSIBLE_MAX_CELSIUS, "38.0",
                ScreeningConfig.FEVER_THRESHOLD_CELSIUS, "38.5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ScreeningConfig.FEVER_THRESHOLD_CELSIUS);
    }

    @Test
    void shouldRefuseMaxAgeBeyondTheDeduplicationRetention() {
        assertThatThrownBy(() -> new ScreeningConfig(Map.of(ScreeningConfig.DEDUPE_RETENTION_MS, "3600000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ScreeningConfig.MAX_AGE_MS);
    }

    @Test
    void shouldRefuseFutureSkewBeyondWhatBrokersAccept() {
        assertThatThrownBy(() -> new ScreeningConfig(Map.of(ScreeningConfig.MAX_FUTURE_SKEW_MS, "7200000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ScreeningConfig.MAX_FUTURE_SKEW_MS);
    }

    @Test
    void shouldRefuseNonNumericValues() {
        assertThatThrownBy(() -> new ScreeningConfig(Map.of(ScreeningConfig.ESCALATION_WINDOW_MS, "an hour")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ScreeningConfig.ESCALATION_WINDOW_MS);
    }

    @Test
    void shouldRefuseFaultRateThresholdAboveOne() {
        assertThatThrownBy(() -> new ScreeningConfig(Map.of(ScreeningConfig.FAULT_RATE_THRESHOLD, "1.5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ScreeningConfig.FAULT_RATE_THRESHOLD);
    }

    @Test
    void shouldDefaultToTwoCheckinsADayInShanghai() {
        ScreeningConfig config = ScreeningConfig.defaults();

        assertThat(config.checkinSchedule().deadlines()).containsExactly(LocalTime.of(10, 0), LocalTime.of(18, 0));
        assertThat(config.checkinSchedule().zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    }

    @Test
    void shouldRefuseCheckinDeadlinesThatAreNotIncreasingNamingTheKey() {
        assertThatThrownBy(() -> new ScreeningConfig(Map.of(ScreeningConfig.CHECKIN_SLOTS, "18:00,10:00")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ScreeningConfig.CHECKIN_SLOTS)
                .hasMessageContaining("strictly increasing");
    }

    @Test
    void shouldRefuseAnUnknownTimeZoneNamingTheKey() {
        assertThatThrownBy(() -> new ScreeningConfig(Map.of(ScreeningConfig.TIME_ZONE, "Asia/Atlantis")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ScreeningConfig.TIME_ZONE);
    }
}

package io.gatewatch.streams.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

    static Stream<Arguments> refusedSettings() {
        return Stream.of(
                arguments("a fever threshold outside the plausible range",
                        Map.of(ScreeningConfig.PLAUSIBLE_MAX_CELSIUS, "38.0", ScreeningConfig.FEVER_THRESHOLD_CELSIUS, "38.5"),
                        ScreeningConfig.FEVER_THRESHOLD_CELSIUS),
                arguments("a max age beyond the de-duplication retention",
                        Map.of(ScreeningConfig.DEDUPE_RETENTION_MS, "3600000"), ScreeningConfig.MAX_AGE_MS),
                arguments("a future skew beyond what brokers accept",
                        Map.of(ScreeningConfig.MAX_FUTURE_SKEW_MS, "7200000"), ScreeningConfig.MAX_FUTURE_SKEW_MS),
                arguments("a non-numeric value",
                        Map.of(ScreeningConfig.ESCALATION_WINDOW_MS, "an hour"), ScreeningConfig.ESCALATION_WINDOW_MS),
                arguments("a fault-rate threshold above one",
                        Map.of(ScreeningConfig.FAULT_RATE_THRESHOLD, "1.5"), ScreeningConfig.FAULT_RATE_THRESHOLD),
                arguments("an unknown time zone",
                        Map.of(ScreeningConfig.TIME_ZONE, "Asia/Atlantis"), ScreeningConfig.TIME_ZONE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedSettings")
    void shouldRefuseABadSettingNamingTheKey(String setting, Map<String, String> settings, String namedKey) {
        assertThatThrownBy(() -> new ScreeningConfig(settings))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(namedKey);
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
}

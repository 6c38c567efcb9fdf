package io.gatewatch.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TemperatureRuleTest {
    private final TemperatureRule rule = TemperatureRule.DEFAULTS;

    @Test
    void shouldCallAReadingExactlyAtTheThresholdAFeverWhateverTheArithmeticOnTheWay() {
        double calibrated = TemperatureRule.toCelsius(37.4, TemperatureUnit.CELSIUS, -0.1); // 37.29999999999999 unrounded

        assertThat(calibrated).isEqualTo(37.3);
        assertThat(rule.classify(calibrated)).isEqualTo(TemperatureStatus.FEVER);
        assertThat(rule.classify(37.29)).isEqualTo(TemperatureStatus.NORMAL);
    }

    @Test
    void shouldConvertFahrenheitBeforeClassifying() {
        assertThat(TemperatureRule.toCelsius(99.5, TemperatureUnit.FAHRENHEIT, 0.0)).isEqualTo(37.5);
        assertThat(TemperatureRule.toCelsius(98.6, TemperatureUnit.FAHRENHEIT, 0.0)).isEqualTo(37.0);
    }

    @Test
    void shouldIncludeBothEndsOfThePlausibleRange() {
        assertThat(rule.classify(34.0)).isEqualTo(TemperatureStatus.NORMAL);
        assertThat(rule.classify(43.0)).isEqualTo(TemperatureStatus.FEVER);
        assertThat(rule.classify(33.99)).isEqualTo(TemperatureStatus.IMPLAUSIBLE);
        assertThat(rule.classify(43.01)).isEqualTo(TemperatureStatus.IMPLAUSIBLE);
    }

    @Test
    void shouldCallNonFiniteReadingsDeviceFaultsAndAMissingReadingNoReading() {
        assertThat(TemperatureRule.toCelsius(Double.NaN, TemperatureUnit.CELSIUS, 0.2)).isNaN();
        assertThat(rule.classify(Double.NaN)).isEqualTo(TemperatureStatus.IMPLAUSIBLE);
        assertThat(rule.classify(Double.POSITIVE_INFINITY)).isEqualTo(TemperatureStatus.IMPLAUSIBLE);
        assertThat(rule.classify((Double) null)).isEqualTo(TemperatureStatus.NO_READING);
    }

    @Test
    void shouldRefuseARuleUnderWhichNoReadingOrEveryReadingIsAFever() {
        assertThatThrownBy(() -> new TemperatureRule(33.0, 34.0, 43.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TemperatureRule(44.0, 34.0, 43.0)).isInstanceOf(IllegalArgumentException.class);
    }
}

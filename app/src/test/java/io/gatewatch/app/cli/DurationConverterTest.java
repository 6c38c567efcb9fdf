package io.gatewatch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    @Test
    void shouldParseHumanUnits() {
        assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationConverter.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationConverter.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationConverter.parse("2d")).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void shouldParseIso8601() {
        assertThat(DurationConverter.parse("PT45S")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void shouldRefuseANumberWithoutAUnit() {
        assertThatThrownBy(() -> DurationConverter.parse("30")).isInstanceOf(TypeConversionException.class).hasMessageContaining("30s");
    }

    @Test
    void shouldRefuseTrailingGarbage() {
        assertThatThrownBy(() -> DurationConverter.parse("30sx")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> DurationConverter.parse("x30s")).isInstanceOf(TypeConversionException.class);
    }
}

package io.gatewatch.sinks.alerts;

import static io.gatewatch.sinks.testing.Alerts.anAlert;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.Severity;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertFilterTest {

    @Test
    void shouldMatchVillagesUnderACountyPrefix() {
        AlertFilter county = new AlertFilter(List.of("110101"), Set.of(), Severity.LOW);

        assertThat(county.test(anAlert().inVillage("110101001001").build())).isTrue();
        assertThat(county.test(anAlert().inVillage("110102001001").build())).isFalse();
    }

    @Test
    void shouldMatchAnyOfSeveralPrefixes() {
        AlertFilter two = new AlertFilter(List.of("110101001", "120000"), Set.of(), Severity.LOW);

        assertThat(two.test(anAlert().inVillage("120000123456").build())).isTrue();
        assertThat(two.test(anAlert().inVillage("110101002001").build())).isFalse();
    }

    @Test
    void shouldKeepOnlyTheChosenTypes() {
        AlertFilter fevers = new AlertFilter(List.of(), Set.of(AlertType.FEVER), Severity.LOW);

        assertThat(fevers.test(anAlert().ofType(AlertType.FEVER).build())).isTrue();
        assertThat(fevers.test(anAlert().ofType(AlertType.DEVICE_FAULT).build())).isFalse();
    }

    @Test
    void shouldKeepTheMinimumSeverityAndAbove() {
        AlertFilter urgent = new AlertFilter(List.of(), Set.of(), Severity.HIGH);

        assertThat(urgent.test(anAlert().withSeverity(Severity.HIGH).build())).isTrue();
        assertThat(urgent.test(anAlert().withSeverity(Severity.CRITICAL).build())).isTrue();
        assertThat(urgent.test(anAlert().withSeverity(Severity.MEDIUM).build())).isFalse();
    }

    @Test
    void shouldLetEverythingThroughWhenEmpty() {
        assertThat(AlertFilter.ALL.test(anAlert().withSeverity(Severity.LOW).ofType(AlertType.UNKNOWN_ALERT).build())).isTrue();
    }
}

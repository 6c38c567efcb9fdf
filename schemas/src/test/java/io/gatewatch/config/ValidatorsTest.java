package io.gatewatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

    @Test
    void shouldAcceptAListWithAtLeastOneEntry() {
        assertThatCode(() -> Validators.nonEmptyList().ensureValid("topics", List.of("gatewatch.alerts.fever")))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAnEmptyListNamingTheKey() {
        assertThatThrownBy(() -> Validators.nonEmptyList().ensureValid("bootstrap.servers", List.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers");
    }

    @Test
    void shouldRefuseABlankEntry() {
        assertThatThrownBy(() -> Validators.nonEmptyList().ensureValid("topics", Arrays.asList("gatewatch.alerts.fever", " ")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> Validators.nonEmptyList().ensureValid("topics", null))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void shouldDescribeItselfInTheConfigTables() {
        assertThat(Validators.nonEmptyList()).hasToString("non-empty list");
        assertThat(Validators.named("http(s) URLs", (name, value) -> {})).hasToString("http(s) URLs");
    }

    @Test
    void shouldRunTheNamedCheck() {
        ConfigDef.Validator evenOnly = Validators.named("even", (name, value) -> {
            if ((Integer) value % 2 != 0) {
                throw new ConfigException(name, value, "odd");
            }
        });

        assertThatThrownBy(() -> evenOnly.ensureValid("n", 3)).isInstanceOf(ConfigException.class).hasMessageContaining("odd");
    }
}

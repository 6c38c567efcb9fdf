package io.gatewatch.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.app.config.ConfigSources.Origin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourcesTest {
    @TempDir
    Path dir;

    @Test
    void shouldMapPrefixedEnvironmentVariablesToDottedKeys() {
        Map<String, String> keys = ConfigSources.fromEnvironment(Map.of(
                "GATEWATCH_WINDOW_GRACE_MS", "3600000",
                "GATEWATCH_KAFKA_BOOTSTRAP_SERVERS", "b1:9092"));

        assertThat(keys).containsExactlyInAnyOrderEntriesOf(Map.of(
                "window.grace.ms", "3600000",
                "kafka.bootstrap.servers", "b1:9092"));
    }

    @Test
    void shouldIgnoreUnprefixedEnvironmentVariables() {
        Map<String, String> keys = ConfigSources.fromEnvironment(Map.of("PATH", "/bin", "WINDOW_GRACE_MS", "1", "GATEWATCH_", "x"));

        assertThat(keys).isEmpty();
    }

    @Test
    void shouldNameTheEnvironmentVariableOfAKey() {
        assertThat(ConfigSources.envName("window.grace.ms")).isEqualTo("GATEWATCH_WINDOW_GRACE_MS");
        assertThat(ConfigSources.keyOf(ConfigSources.envName("metrics.port"))).isEqualTo("metrics.port");
    }

    @Test
    void shouldLetFlagsBeatEnvironmentAndEnvironmentBeatTheFile() throws Exception {
        // Given the same three keys in the file, two of them in the environment, one as a flag
        Path file = dir.resolve("gw.properties");
        Files.writeString(file, "a.x=file\nb.x=file\nc.x=file\n");
        Map<String, String> env = Map.of("GATEWATCH_B_X", "env", "GATEWATCH_C_X", "env");
        Map<String, String> flags = Map.of("c.x", "flag");

        // When merged
        ConfigSources sources = ConfigSources.merge(file, env, flags);

        // Then each key takes its value from the strongest source that has it
        assertThat(sources.values()).containsExactlyInAnyOrderEntriesOf(Map.of("a.x", "file", "b.x", "env", "c.x", "flag"));
        assertThat(sources.origin("a.x")).isEqualTo(Origin.FILE);
        assertThat(sources.origin("b.x")).isEqualTo(Origin.ENV);
        assertThat(sources.origin("c.x")).isEqualTo(Origin.FLAG);
        assertThat(sources.origin("d.x")).isNull();
    }

    @Test
    void shouldFailNamingTheFileWhenItIsMissing() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> ConfigSources.merge(missing, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--config")
                .hasMessageContaining("nope.properties");
    }

    @Test
    void shouldLetTheStackOverrideEverySource() {
        ConfigSources sources = ConfigSources.merge(null, Map.of(), Map.of("kafka.bootstrap.servers", "elsewhere:9092"))
                .withStackValue("kafka.bootstrap.servers", "127.0.0.1:1234");

        assertThat(sources.values()).containsEntry("kafka.bootstrap.servers", "127.0.0.1:1234");
        assertThat(sources.origin("kafka.bootstrap.servers")).isEqualTo(Origin.STACK);
    }
}

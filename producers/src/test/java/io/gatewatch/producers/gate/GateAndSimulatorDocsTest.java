package io.gatewatch.producers.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.producers.sim.ScenarioConfig;
import io.gatewatch.producers.sim.SimulatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * Keeps the config tables in {@code producers/GATE-CLIENT-AND-SIMULATOR.md} generated from the
 * {@link ConfigDef}s: when a key, default or doc changes, this fails and prints the table to paste.
 */
class GateAndSimulatorDocsTest {
    private static final Path DOC = Path.of("GATE-CLIENT-AND-SIMULATOR.md");

    static String markdownTable(ConfigDef def) {
        String rows = def.configKeys().values().stream()
                .sorted((a, b) -> a.name.compareTo(b.name))
                .map(key -> "| `" + key.name + "` | " + key.type.name().toLowerCase(Locale.ROOT) + " | "
                        + (!key.hasDefault() ? "(required)" : key.defaultValue == null ? "(none)"
                                : key.type == ConfigDef.Type.PASSWORD ? "(demo secret)"
                                : "`" + ConfigDef.convertToString(key.defaultValue, key.type) + "`")
                        + " | " + (key.validator == null ? "" : key.validator.toString().replace("|", "\\|")) + " | "
                        + key.documentation.replace("|", "\\|") + " |")
                .collect(Collectors.joining("\n"));
        return "| key | type | default | valid values | description |\n| --- | --- | --- | --- | --- |\n" + rows + "\n";
    }

    @Test
    void shouldDocumentEveryGateClientSettingAsDefined() throws IOException {
        String expected = markdownTable(GateClientConfig.configDef());

        assertThat(Files.readString(DOC)).as("gate client table; expected:%n%s", expected).contains(expected);
    }

    @Test
    void shouldDocumentEveryScenarioSettingAsDefined() throws IOException {
        String expected = markdownTable(ScenarioConfig.configDef());

        assertThat(Files.readString(DOC)).as("scenario table; expected:%n%s", expected).contains(expected);
    }

    @Test
    void shouldDocumentEveryPublisherSettingAsDefined() throws IOException {
        String expected = markdownTable(SimulatorConfig.publisherConfigDef());

        assertThat(Files.readString(DOC)).as("publisher table; expected:%n%s", expected).contains(expected);
    }
}

package io.gatewatch.producers.gate;

import io.gatewatch.config.ConfigTables;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.producers.sim.ScenarioConfig;
import io.gatewatch.producers.sim.SimulatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * Keeps the config tables in {@code producers/GATE-CLIENT-AND-SIMULATOR.md} generated from the
 * {@link ConfigDef}s: when a key, default or doc changes, this fails and prints the table to paste.
 */
class GateAndSimulatorDocsTest {
    private static final Path DOC = Path.of("GATE-CLIENT-AND-SIMULATOR.md");

    @Test
    void shouldDocumentEveryGateClientSettingAsDefined() throws IOException {
        String expected = ConfigTables.markdown(GateClientConfig.configDef());

        assertThat(Files.readString(DOC)).as("gate client table; expected:%n%s", expected).contains(expected);
    }

    @Test
    void shouldDocumentEveryScenarioSettingAsDefined() throws IOException {
        String expected = ConfigTables.markdown(ScenarioConfig.configDef());

        assertThat(Files.readString(DOC)).as("scenario table; expected:%n%s", expected).contains(expected);
    }

    @Test
    void shouldDocumentEveryPublisherSettingAsDefined() throws IOException {
        String expected = ConfigTables.markdown(SimulatorConfig.publisherConfigDef());

        assertThat(Files.readString(DOC)).as("publisher table; expected:%n%s", expected).contains(expected);
    }
}

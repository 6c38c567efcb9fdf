package io.gatewatch.producers.gate;

import io.gatewatch.config.ConfigTables;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps the gate client's config table in {@code producers/GATE-CLIENT-AND-SIMULATOR.md} generated from
 * {@link GateClientConfig#configDef()} (a library embedded in gate firmware, so its keys are its own and
 * not in docs/CONFIG.md): when a key, default or doc changes, this fails and prints the table to paste.
 */
class GateAndSimulatorDocsTest {
    private static final Path DOC = Path.of("GATE-CLIENT-AND-SIMULATOR.md");

    @Test
    void shouldDocumentEveryGateClientSettingAsDefined() throws IOException {
        String expected = ConfigTables.markdown(GateClientConfig.configDef());

        assertThat(Files.readString(DOC)).as("gate client table; expected:%n%s", expected).contains(expected);
    }


}

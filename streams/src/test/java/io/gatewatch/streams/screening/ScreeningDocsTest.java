package io.gatewatch.streams.screening;

import io.gatewatch.config.ConfigTables;
import io.gatewatch.schema.RejectReason;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.streams.common.StreamsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code streams/SCREENING.md} true to the code: its config tables are generated from the
 * {@link ConfigDef}s (the format the other module docs use), and every reason code, store and
 * internal topic is named in it.
 */
class ScreeningDocsTest {
    private static final Path DOC = Path.of("SCREENING.md");

    @Test
    void shouldDocumentEveryScreeningSettingAsDefined() throws IOException {
        String expected = ConfigTables.markdown(ScreeningConfig.configDef());

        assertThat(Files.readString(DOC)).as("screening config table in SCREENING.md; expected:%n%s", expected).contains(expected);
    }

    @Test
    void shouldDocumentEveryStreamsSettingAsDefined() throws IOException {
        String expected = ConfigTables.markdown(StreamsSettings.configDef());

        assertThat(Files.readString(DOC)).as("streams settings table in SCREENING.md; expected:%n%s", expected).contains(expected);
    }

    @Test
    void shouldExplainEveryReasonCode() throws IOException {
        String doc = Files.readString(DOC);

        assertThat(Arrays.stream(RejectReason.values()).map(r -> "`" + r.code() + "`"))
                .allSatisfy(code -> assertThat(doc).contains(code));
    }

    @Test
    void shouldNameEveryStoreAndInternalTopic() throws IOException {
        assertThat(Files.readString(DOC)).contains(ScreeningNames.DEDUPE_STORE, ScreeningNames.FAULT_RATE_STORE,
                ScreeningNames.ESCALATION_STORE, ScreeningNames.DEVICE_REGISTRY_STORE,
                ScreeningNames.FLAGS_BY_PERSON + "-repartition", ScreeningNames.OBSERVATION_WATCHLIST_STORE,
                ScreeningNames.OBSERVATION_SIGHTINGS_STORE, ScreeningNames.OBSERVATION_CLOCK_STORE,
                ScreeningNames.SIGHTINGS_BY_PERSON + "-repartition");
    }
}

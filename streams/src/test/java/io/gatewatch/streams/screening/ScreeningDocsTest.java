package io.gatewatch.streams.screening;

import io.gatewatch.schema.RejectReason;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code streams/SCREENING.md} true to the code: every reason code, store and internal topic
 * is named in it (its settings are in docs/CONFIG.md, generated from the definitions).
 */
class ScreeningDocsTest {
    private static final Path DOC = Path.of("SCREENING.md");

    @Test
    void shouldExplainEveryReasonCode() throws IOException {
        String doc = Files.readString(DOC);

        assertThat(Arrays.stream(RejectReason.values()).map(r -> "`" + r.code() + "`"))
                .allSatisfy(code -> assertThat(doc).contains(code));
    }

    @Test
    void shouldNameEveryStoreAndInternalTopic() throws IOException {
        assertThat(Files.readString(DOC)).contains(ScreeningNames.DEDUPE_INDEX_STORE, ScreeningNames.DEDUPE_JOURNAL_STORE, ScreeningNames.FAULT_RATE_STORE,
                ScreeningNames.ESCALATION_STORE, ScreeningNames.DEVICE_REGISTRY_STORE,
                ScreeningNames.FLAGS_BY_PERSON + "-repartition", ScreeningNames.OBSERVATION_WATCHLIST_STORE,
                ScreeningNames.OBSERVATION_SIGHTINGS_STORE, ScreeningNames.OBSERVATION_SIGHTINGS_JOURNAL_STORE, ScreeningNames.OBSERVATION_CLOCK_STORE,
                ScreeningNames.SIGHTINGS_BY_PERSON + "-repartition");
    }
}

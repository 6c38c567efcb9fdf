package io.gatewatch.streams.counts;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.LateScanHeaders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code streams/COUNTS.md} true to the code: every measure, store, header and reason code it
 * must explain is named in it (its settings are in docs/CONFIG.md, generated from the definitions).
 */
class CountsDocsTest {
    private static final Path DOC = Path.of("COUNTS.md");

    @Test
    void shouldExplainEveryMeasureOfAnAreaCount() throws IOException {
        String doc = Files.readString(DOC);
        List<String> measures = AreaCount.getClassSchema().getFields().stream()
                .filter(f -> f.schema().getType() == Schema.Type.LONG && f.schema().getLogicalType() == null)
                .map(Schema.Field::name).toList();

        assertThat(measures).hasSizeGreaterThan(10).allSatisfy(m -> assertThat(doc).contains("`" + m + "`"));
    }

    @Test
    void shouldNameEveryStoreInternalTopicHeaderAndReasonCode() throws IOException {
        String doc = Files.readString(DOC);

        assertThat(doc).contains(CountsTopology.WINDOWS_STORE, CountsTopology.PERSONS_STORE, CountsTopology.PERSONS_JOURNAL_STORE, CountsTopology.CLOCK_STORE,
                CountsTopology.BY_COUNTY + "-repartition", LateScanHeaders.REASON, LateScanHeaders.WINDOW,
                LateScanHeaders.WINDOW_START, LateScanHeaders.VILLAGE_CODE, LateScanHeaders.CHECKPOINT_ID,
                "`" + LateScanHeaders.REASON_WINDOW_CLOSED + "`", "`" + CountsTopology.REJECT_INVALID_VILLAGE_CODE + "`",
                "`" + CountsTopology.REJECT_NULL_VALUE + "`");
    }
}

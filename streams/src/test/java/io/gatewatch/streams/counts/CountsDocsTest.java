package io.gatewatch.streams.counts;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.AreaCount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code streams/COUNTS.md} true to the code: the config table is generated from
 * {@link CountsConfig#configDef()} (same format as the ingest docs), and every measure, store,
 * header and reason code it must explain is named in it.
 */
class CountsDocsTest {
    private static final Path DOC = Path.of("COUNTS.md");

    static String markdownTable(ConfigDef def) {
        String rows = def.configKeys().values().stream()
                .sorted((a, b) -> a.name.compareTo(b.name))
                .map(key -> "| `" + key.name + "` | " + key.type.name().toLowerCase(Locale.ROOT) + " | "
                        + (!key.hasDefault() ? "(required)" : key.defaultValue == null ? "(none)"
                                : "`" + ConfigDef.convertToString(key.defaultValue, key.type) + "`")
                        + " | " + (key.validator == null ? "" : key.validator.toString().replace("|", "\\|")) + " | "
                        + key.documentation.replace("|", "\\|") + " |")
                .collect(Collectors.joining("\n"));
        return "| key | type | default | valid values | description |\n| --- | --- | --- | --- | --- |\n" + rows + "\n";
    }

    @Test
    void shouldDocumentEveryCountsSettingAsDefined() throws IOException {
        String expected = markdownTable(CountsConfig.configDef());

        assertThat(Files.readString(DOC)).as("config table in COUNTS.md; expected:%n%s", expected).contains(expected);
    }

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

        assertThat(doc).contains(CountsTopology.WINDOWS_STORE, CountsTopology.PERSONS_STORE, CountsTopology.CLOCK_STORE,
                CountsTopology.BY_COUNTY + "-repartition", LateScanHeaders.REASON, LateScanHeaders.WINDOW,
                LateScanHeaders.WINDOW_START, LateScanHeaders.VILLAGE_CODE, LateScanHeaders.CHECKPOINT_ID,
                "`" + LateScanHeaders.REASON_WINDOW_CLOSED + "`", "`" + CountsTopology.REJECT_INVALID_VILLAGE_CODE + "`",
                "`" + CountsTopology.REJECT_NULL_VALUE + "`");
    }
}

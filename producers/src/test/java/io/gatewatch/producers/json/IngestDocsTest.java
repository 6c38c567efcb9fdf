package io.gatewatch.producers.json;

import io.gatewatch.schema.RejectReason;
import io.gatewatch.config.ConfigTables;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.producers.http.HttpIngestConfig;
import io.gatewatch.producers.mqtt.MqttBridgeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * Keeps the config tables in {@code producers/INGEST.md} generated from the {@link ConfigDef}s: when a
 * key, default or doc changes, this fails and prints the table to paste.
 */
class IngestDocsTest {
    private static final Path DOC = Path.of("INGEST.md");

    @Test
    void shouldDocumentEveryMqttBridgeSettingAsDefined() throws IOException {
        String expected = ConfigTables.markdown(MqttBridgeConfig.configDef());

        assertThat(Files.readString(DOC)).as("MQTT table in INGEST.md; expected:%n%s", expected).contains(expected);
    }

    @Test
    void shouldDocumentEveryHttpIngestSettingAsDefined() throws IOException {
        String expected = ConfigTables.markdown(HttpIngestConfig.configDef());

        assertThat(Files.readString(DOC)).as("HTTP table in INGEST.md; expected:%n%s", expected).contains(expected);
    }

    @Test
    void shouldAcceptEveryJsonExampleInTheDocs() throws IOException {
        Matcher blocks = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(DOC));
        ScanPayloadConverter converter = new ScanPayloadConverter(ScanPayloads.PSEUDONYMIZER, ScanPayloads.PLATE_TOKENS);
        int examples = 0;
        while (blocks.find()) {
            examples++;
            assertThat(converter.convert(blocks.group(1).getBytes(StandardCharsets.UTF_8)))
                    .as(blocks.group(1)).isInstanceOf(Conversion.Accepted.class);
        }
        assertThat(examples).isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldDocumentEveryRejectReasonCodeTheConverterGives() throws IOException {
        String doc = Files.readString(DOC);
        // the catalogue holds screening's codes too; these are the ones the JSON edge itself gives
        List<RejectReason> edge = List.of(RejectReason.MALFORMED_JSON, RejectReason.INVALID_FIELD, RejectReason.INVALID_TEXT,
                RejectReason.PAYLOAD_TOO_LARGE);

        assertThat(edge).allSatisfy(r -> assertThat(doc).contains("`" + r.code() + "`"));
    }
}

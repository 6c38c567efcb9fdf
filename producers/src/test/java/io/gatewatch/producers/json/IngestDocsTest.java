package io.gatewatch.producers.json;

import io.gatewatch.schema.RejectReason;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code producers/INGEST.md} true to the code: its JSON examples are accepted and every reason
 * code the converter gives is explained (its settings are in docs/CONFIG.md, generated).
 */
class IngestDocsTest {
    private static final Path DOC = Path.of("INGEST.md");

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

package io.gatewatch.sinks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRendererTest {

    @Test
    void shouldQuoteOnlyFieldsThatNeedItAndDoubleTheirQuotes() {
        assertThat(CsvRenderer.quote("330110")).isEqualTo("330110");
        assertThat(CsvRenderer.quote("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvRenderer.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvRenderer.quote("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
    }

    @Test
    void shouldRoundTripAwkwardFieldsThroughAStrictReader() {
        List<String> fields = List.of("a,b", "\"q\"", "line\nbreak", "", "检疫检测人员(人次)");
        String line = String.join(",", fields.stream().map(CsvRenderer::quote).toList()) + "\r\n";

        assertThat(StrictCsv.parse(line)).containsExactly(fields);
    }

    @Test
    void shouldNeutraliseTextThatWouldStartASpreadsheetFormula() {
        assertThat(CsvRenderer.safe("=HYPERLINK(\"x\")")).isEqualTo("'=HYPERLINK(\"x\")");
        assertThat(CsvRenderer.safe("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvRenderer.safe("CP-1")).isEqualTo("CP-1");
    }
}

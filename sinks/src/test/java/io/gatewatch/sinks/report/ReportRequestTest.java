package io.gatewatch.sinks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportRequestTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static ReportRequest parse(String... pairs) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            parameters.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return ReportRequest.parse(parameters, SHANGHAI);
    }

    private static void assertBad(String parameter, String... pairs) {
        assertThatThrownBy(() -> parse(pairs))
                .isInstanceOfSatisfying(InvalidReportQueryException.class, e -> assertThat(e.parameter()).isEqualTo(parameter))
                .hasMessageStartingWith("Bad parameter '" + parameter + "'");
    }

    @Test
    void shouldDefaultToHtmlInChineseInTheDeploymentZone() {
        ReportRequest request = parse("date", "2026-11-28", "area", "330110");

        assertThat(request.format()).isEqualTo(ReportFormat.HTML);
        assertThat(request.query().language()).isEqualTo(Language.ZH);
        assertThat(request.query().zone()).isEqualTo(SHANGHAI);
        assertThat(request.query().days()).containsExactly(LocalDate.of(2026, 11, 28));
        assertThat(request.query().area().kind()).isEqualTo(Area.Kind.COUNTY);
    }

    @Test
    void shouldReadARangeFormatLanguageZoneAndTop() {
        ReportRequest request = parse("from", "2026-11-27", "to", "2026-11-29", "area", "330110102201", "format", "md",
                "lang", "EN", "tz", "UTC", "top", "3");

        assertThat(request.query().days()).hasSize(3);
        assertThat(request.format()).isEqualTo(ReportFormat.MARKDOWN);
        assertThat(request.query().language()).isEqualTo(Language.EN);
        assertThat(request.query().zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(request.query().topVillages()).isEqualTo(3);
        assertThat(request.query().area().kind()).isEqualTo(Area.Kind.VILLAGE);
    }

    @Test
    void shouldReadFormatAndLanguageTagsCaseInsensitivelyAndMarkdownByItsLongName() {
        assertThat(parse("date", "2026-11-28", "area", "330110", "format", " Markdown ").format()).isEqualTo(ReportFormat.MARKDOWN);
        assertThat(parse("date", "2026-11-28", "area", "330110", "format", "CSV").format()).isEqualTo(ReportFormat.CSV);
        assertThat(parse("date", "2026-11-28", "area", "330110", "lang", " Zh").query().language()).isEqualTo(Language.ZH);
    }

    @Test
    void shouldNameEachBadParameter() {
        assertBad("date", "date", "2026-13-01", "area", "330110");
        assertBad("date", "area", "330110");
        assertBad("date", "date", "2026-11-28", "from", "2026-11-27", "area", "330110");
        assertBad("to", "from", "2026-11-27", "area", "330110");
        assertBad("from", "to", "2026-11-27", "area", "330110");
        assertBad("to", "from", "2026-11-28", "to", "2026-11-27", "area", "330110");
        assertBad("to", "from", "2026-10-01", "to", "2026-11-28", "area", "330110");
        assertBad("area", "date", "2026-11-28");
        assertBad("area", "date", "2026-11-28", "area", "33011");
        assertBad("area", "date", "2026-11-28", "area", "33011a");
        assertBad("format", "date", "2026-11-28", "area", "330110", "format", "pdf");
        assertBad("lang", "date", "2026-11-28", "area", "330110", "lang", "fr");
        assertBad("tz", "date", "2026-11-28", "area", "330110", "tz", "Mars/Olympus");
        assertBad("top", "date", "2026-11-28", "area", "330110", "top", "0");
        assertBad("top", "date", "2026-11-28", "area", "330110", "top", "ten");
        assertBad("colour", "date", "2026-11-28", "area", "330110", "colour", "red");
        assertBad("area", "date", "2026-11-28", "area", "330110", "area", "330111");
    }
}

package io.gatewatch.sinks.report;

import static io.gatewatch.sinks.report.ReportScenario.COUNTY;
import static io.gatewatch.sinks.report.ReportScenario.D1;
import static io.gatewatch.sinks.report.ReportScenario.D2;
import static io.gatewatch.sinks.report.ReportScenario.D3;
import static io.gatewatch.sinks.report.ReportScenario.T1;
import static io.gatewatch.sinks.report.ReportScenario.T2;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.sinks.areas.AreaNames;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The renderers over reports generated from {@link ReportScenario} in a real PostgreSQL. */
class ReportOutputIT {
    private static final ReportScenario SCENARIO = ReportScenario.standard();
    @RegisterExtension
    static final ScenarioDatabase DATABASE = new ScenarioDatabase(SCENARIO);

    private static String render(ReportQuery query, ReportFormat format, Language language) throws Exception {
        String text = Renderer.render(DATABASE.generator().generate(query), format, language);
        // Kept for a human look at the output (target/ is not committed).
        Path samples = Path.of("target", "report-samples");
        Files.createDirectories(samples);
        Files.writeString(samples.resolve(query.area().code() + "-" + query.from() + "-" + query.to() + "-"
                + language.tag() + "." + format.extension()), text);
        return text;
    }

    @Test
    void shouldFillTheOfficialsBlanksInTheChineseNarrative() throws Exception {
        Figures expected = SCENARIO.expected(T1, D1);

        String markdown = render(ReportQuery.forDay(D1, T1), ReportFormat.MARKDOWN, Language.ZH);

        assertThat(markdown).contains("共检测车辆" + expected.vehicles() + "辆次,检疫检测人员" + expected.scans() + "人次,"
                + "其中体温异常" + expected.fevers() + "人次");
        assertThat(markdown).contains("2026年11月28日,乡镇(街道)" + T1);
    }

    @Test
    void shouldCountGatesApartFromClinicsAndSplitDeviceFaultsInBothLanguages() throws Exception {
        // Given township T1 on the 28th: three gate checkpoints with scans and one clinic
        String zh = render(ReportQuery.forDay(D1, T1), ReportFormat.MARKDOWN, Language.ZH);
        String en = render(ReportQuery.forDay(D1, T1), ReportFormat.MARKDOWN, Language.EN);

        assertThat(zh).contains("运行卡口3个(另有报送点:诊所1个)", "设备故障:体温读数不合理").doesNotContain("故障设备0台");
        assertThat(en).contains("3 gate checkpoints operating (other reporting points: clinics: 1)",
                "device faults: ", " implausible readings (", " unreadable codes (");
    }

    @Test
    void shouldNameAreasFromTheGazetteerAndShowTheCodeOfAnAreaWithoutAName() throws Exception {
        // Given names for the county and one of its two townships
        AreaNames.write(DATABASE.dataSource(), List.of(new AreaNames.AreaName(COUNTY, "示范县", "Demo County"),
                new AreaNames.AreaName(T1, "东湖镇", null)), Instant.parse("2026-11-29T00:00:00Z"));
        try {
            // When the county's day is reported as HTML in both languages
            String zh = render(ReportQuery.between(D1, D1, COUNTY), ReportFormat.HTML, Language.ZH);
            String en = render(ReportQuery.between(D1, D1, COUNTY), ReportFormat.HTML, Language.EN);

            // Then the named areas read "name (code)" (English where given), the unnamed one by its code
            assertThat(zh).contains("示范县 (" + COUNTY + ")", "东湖镇 (" + T1 + ")", "乡镇(街道)" + T2);
            assertThat(en).contains("Demo County (" + COUNTY + ")", "东湖镇 (" + T1 + ")", "township " + T2);
        } finally {
            try (var c = DATABASE.dataSource().getConnection(); var st = c.createStatement()) {
                st.execute("DELETE FROM area_name");
            }
        }
    }

    @Test
    void shouldWriteMarkdownTablesWithTheSameNumberOfCellsInEveryRow() throws Exception {
        String markdown = render(ReportQuery.between(D1, D3, COUNTY), ReportFormat.MARKDOWN, Language.EN);

        List<String> lines = markdown.lines().toList();
        int tables = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("|") && (i == 0 || !lines.get(i - 1).startsWith("|"))) {
                tables++;
                int cells = cells(lines.get(i));
                assertThat(lines.get(i + 1)).as("delimiter row").matches("\\|( -{3}:? \\|)+");
                for (int j = i; j < lines.size() && lines.get(j).startsWith("|"); j++) {
                    assertThat(cells(lines.get(j))).as(lines.get(j)).isEqualTo(cells);
                }
            }
        }
        assertThat(tables).isGreaterThan(10);
        assertThat(markdown).contains("## 2026-11-30 · no data\n\n> **No figures are stored");
    }

    @Test
    void shouldSayNoDataAndPrintNoFigureForADayWithoutData() throws Exception {
        String markdown = render(ReportQuery.forDay(D3, T1), ReportFormat.MARKDOWN, Language.ZH);
        String csv = render(ReportQuery.forDay(D3, T1), ReportFormat.CSV, Language.ZH);

        assertThat(markdown).contains("无数据").contains("本区域当日没有存储的统计数据").doesNotContain("| 0 |");
        List<List<String>> records = StrictCsv.parse(csv);
        assertThat(records).hasSize(2);
        assertThat(records.get(1)).containsExactly("day", "2026-11-30", T1, "", "status", "状态", "no_data");
    }

    @Test
    void shouldRenderHtmlThatParsesAsXmlWithAChartPerDayAndNothingExternal() throws Exception {
        String html = render(ReportQuery.between(D1, D3, T1), ReportFormat.HTML, Language.ZH);

        Document document = xml(html);
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("html");
        NodeList charts = document.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg");
        assertThat(charts.getLength()).isEqualTo(2);
        long hoursWithRows = DATABASE.generator().generate(ReportQuery.forDay(D1, T1)).days().get(0).hours().stream()
                .filter(h -> h.figures().isPresent()).count();
        NodeList firstChartBars = ((org.w3c.dom.Element) charts.item(0)).getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
        assertThat(firstChartBars.getLength()).isEqualTo((int) hoursWithRows);
        assertThat(document.getElementsByTagName("script").getLength()).isZero();
        assertThat(document.getElementsByTagName("link").getLength()).isZero();
        assertThat(document.getElementsByTagName("img").getLength()).isZero();
        assertThat(html).doesNotContain("src=").doesNotContain("url(").doesNotContain("@import");
        assertThat(document.getElementsByTagName("title").item(0).getTextContent()).contains("乡镇(街道)" + T1);
    }

    @Test
    void shouldEscapeWhatTheDataHoldsInHtml() throws Exception {
        String html = render(ReportQuery.forDay(D1, T2), ReportFormat.HTML, Language.EN);

        assertThat(xml(html)).isNotNull();
        assertThat(html).contains("<p class=\"narrative\">On 2026-11-28, township " + T2 + ":");
    }

    @Test
    void shouldWriteCsvThatRoundTripsAndStatesEveryFigureAsStored() throws Exception {
        String csv = render(ReportQuery.between(D1, D3, COUNTY), ReportFormat.CSV, Language.ZH);

        assertThat(csv).startsWith(CsvRenderer.BOM);
        List<List<String>> records = StrictCsv.parse(csv);
        assertThat(StrictCsv.write(records)).isEqualTo(csv.substring(1));
        assertThat(records.get(0)).isEqualTo(CsvRenderer.HEADER);
        assertThat(records).allSatisfy(record -> assertThat(record).hasSize(CsvRenderer.HEADER.size()));

        Map<String, String> figures = records.stream()
                .filter(r -> r.get(0).equals("figures") && r.get(3).isEmpty())
                .collect(Collectors.toMap(r -> r.get(1) + "/" + r.get(4), r -> r.get(6)));
        for (LocalDate date : List.of(D1, D2)) {
            Figures expected = SCENARIO.expected(COUNTY, date);
            for (Measure measure : Measure.values()) {
                String want = measure == Measure.DISTINCT_PERSONS
                        ? SCENARIO.storedDistinct("COUNTY", COUNTY, date).toString() : measure.of(expected).toString();
                assertThat(figures.get(date + "/" + measure.key())).as("%s %s", date, measure).isEqualTo(want);
            }
        }
        assertThat(figures.keySet()).noneMatch(key -> key.startsWith(D3.toString()));
        Map<String, String> checkpointScans = records.stream()
                .filter(r -> r.get(0).equals("checkpoint") && r.get(1).equals(D1.toString()) && r.get(4).equals("scans"))
                .collect(Collectors.toMap(r -> r.get(3), r -> r.get(6)));
        assertThat(checkpointScans).containsEntry("CP-V11-1",
                Long.toString(SCENARIO.expectedAtCheckpoint("CP-V11-1", D1).scans()));
    }

    @Test
    void shouldKeepTheCsvColumnsAndKeysTheSameInBothLanguages() throws Exception {
        List<List<String>> zh = StrictCsv.parse(render(ReportQuery.forDay(D2, T2), ReportFormat.CSV, Language.ZH));
        List<List<String>> en = StrictCsv.parse(render(ReportQuery.forDay(D2, T2), ReportFormat.CSV, Language.EN));

        assertThat(en).hasSameSizeAs(zh);
        for (int i = 0; i < zh.size(); i++) {
            List<String> a = zh.get(i);
            List<String> b = en.get(i);
            assertThat(List.of(a.get(0), a.get(1), a.get(2), a.get(3), a.get(4), a.get(6)))
                    .isEqualTo(List.of(b.get(0), b.get(1), b.get(2), b.get(3), b.get(4), b.get(6)));
        }
        assertThat(en).anySatisfy(r -> assertThat(r).containsExactly("figures", D2.toString(), T2, "", "vehicles",
                "Vehicle passages checked", Long.toString(SCENARIO.expected(T2, D2).vehicles())));
    }

    private static int cells(String line) {
        return line.replace("\\|", "").split("\\|", -1).length - 2;
    }

    private static Document xml(String html) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
    }
}

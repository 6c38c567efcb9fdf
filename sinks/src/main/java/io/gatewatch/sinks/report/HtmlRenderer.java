package io.gatewatch.sinks.report;

import io.gatewatch.sinks.report.ReportDocument.Block;
import java.util.List;
import java.util.Map;

/**
 * Renders a report as one self-contained HTML page: inline CSS (screen and print), an inline SVG
 * chart of each day's hourly curve, no script and no external asset, so it can be mailed, archived
 * or printed as it is. The markup is also well-formed XML (every element closed, everything
 * escaped), which keeps it parseable by strict tools.
 */
final class HtmlRenderer {
    private static final String CSS = """
            body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei",\
            "PingFang SC","Hiragino Sans GB","SimHei",system-ui,sans-serif;color:#1a1a1a;\
            margin:24px auto;max-width:1120px;padding:0 16px;line-height:1.5;font-size:14px}
            h1{font-size:22px;margin:0 0 8px}
            h2{font-size:18px;border-bottom:2px solid #2c5d9e;padding-bottom:2px;margin-top:28px}
            h3{font-size:15px;margin:18px 0 6px;color:#2c5d9e}
            dl.meta{display:grid;grid-template-columns:max-content auto;gap:2px 12px;margin:0 0 12px}
            dl.meta dt{font-weight:bold}dl.meta dd{margin:0}
            table{border-collapse:collapse;margin:4px 0 8px;font-size:13px}
            th,td{border:1px solid #b8c4d6;padding:3px 7px;vertical-align:top}
            th{background:#e8eef7;text-align:left}
            td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
            tfoot td{font-weight:bold;background:#f4f6fa}
            p.notice{padding:6px 10px;border-left:4px solid;margin:8px 0}
            p.no-data{border-color:#888;background:#f2f2f2}
            p.provisional{border-color:#d08a00;background:#fff6e0}
            p.warning{border-color:#c0392b;background:#fdecea}
            p.narrative{font-size:15px}
            figure.chart{margin:4px 0 8px}figcaption{font-size:12px;color:#555}
            svg .bar{fill:#4a78b5}svg .axis-line{stroke:#555;stroke-width:1}
            svg text{font-size:10px;fill:#333}svg text.fever{fill:#c0392b;font-weight:bold}svg text.missing{fill:#999}
            @media print{body{margin:0;max-width:none;font-size:11px}table{font-size:10px}\
            thead{display:table-header-group}tr,figure,p.notice{page-break-inside:avoid}h2,h3{page-break-after:avoid}\
            @page{size:A4;margin:14mm}}
            """;

    private HtmlRenderer() {}

    static String render(Report report, Labels labels) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"")
                .append(labels.language() == Language.ZH ? "zh-CN" : "en").append("\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>").append(Html.escape(ReportDocument.title(report, labels) + " · "
                        + report.areaLabel(labels, report.query().area().code()))).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        boolean firstOfDay = false;
        for (Block block : ReportDocument.of(report, labels)) {
            if (block instanceof ReportDocument.Title title) {
                out.append("<h1>").append(Html.escape(title.text())).append("</h1>\n");
            } else if (block instanceof ReportDocument.Heading heading) {
                out.append("<h").append(heading.level()).append('>').append(Html.escape(heading.text())).append("</h")
                        .append(heading.level()).append(">\n");
                firstOfDay = heading.level() == 2;
            } else if (block instanceof ReportDocument.Meta meta) {
                out.append("<dl class=\"meta\">\n");
                for (Map.Entry<String, String> entry : meta.entries()) {
                    out.append("<dt>").append(Html.escape(entry.getKey())).append("</dt><dd>")
                            .append(Html.escape(entry.getValue())).append("</dd>\n");
                }
                out.append("</dl>\n");
            } else if (block instanceof ReportDocument.Paragraph paragraph) {
                // The first paragraph under a day heading is the filled-in narrative line.
                out.append(firstOfDay ? "<p class=\"narrative\">" : "<p>").append(Html.escape(paragraph.text()))
                        .append("</p>\n");
                firstOfDay = false;
            } else if (block instanceof ReportDocument.Notice notice) {
                String kind = switch (notice.kind()) {
                    case NO_DATA -> "no-data";
                    case PROVISIONAL -> "provisional";
                    case WARNING -> "warning";
                };
                out.append("<p class=\"notice ").append(kind).append("\">").append(Html.escape(notice.text())).append("</p>\n");
            } else if (block instanceof ReportDocument.Table table) {
                table(out, table);
                firstOfDay = false;
            } else if (block instanceof ReportDocument.Chart chart) {
                out.append("<figure class=\"chart\">").append(HourlyChart.svg(chart.title(), chart.hours(), labels))
                        .append("<figcaption>").append(Html.escape(chart.title())).append("</figcaption></figure>\n");
            } else if (block instanceof ReportDocument.Items items) {
                out.append("<ul>\n");
                items.items().forEach(item -> out.append("<li>").append(Html.escape(item)).append("</li>\n"));
                out.append("</ul>\n");
            }
        }
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    private static void table(StringBuilder out, ReportDocument.Table table) {
        out.append("<table>\n<thead>");
        cells(out, table.header(), table.numeric(), "th");
        out.append("</thead>\n<tbody>\n");
        for (List<String> row : table.rows()) {
            cells(out, row, table.numeric(), "td");
            out.append('\n');
        }
        out.append("</tbody>\n");
        if (table.footer() != null) {
            out.append("<tfoot>");
            cells(out, table.footer(), table.numeric(), "td");
            out.append("</tfoot>\n");
        }
        out.append("</table>\n");
    }

    private static void cells(StringBuilder out, List<String> cells, boolean[] numeric, String tag) {
        out.append("<tr>");
        for (int i = 0; i < cells.size(); i++) {
            out.append('<').append(tag).append(numeric[i] ? " class=\"num\">" : ">").append(Html.escape(cells.get(i)))
                    .append("</").append(tag).append('>');
        }
        out.append("</tr>");
    }
}

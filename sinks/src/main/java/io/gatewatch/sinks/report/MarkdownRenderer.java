package io.gatewatch.sinks.report;

import io.gatewatch.sinks.report.ReportDocument.Block;
import java.util.List;
import java.util.Map;

/**
 * Renders a report as GitHub-flavoured Markdown: headings, pipe tables (numbers right-aligned),
 * quoted notices. The hourly chart is left to the hourly table that follows it (Markdown has no
 * pictures without files). Cells are escaped so a value can never break a table.
 */
final class MarkdownRenderer {

    private MarkdownRenderer() {}

    static String render(Report report, Labels labels) {
        StringBuilder out = new StringBuilder();
        for (Block block : ReportDocument.of(report, labels)) {
            if (block instanceof ReportDocument.Title title) {
                out.append("# ").append(inline(title.text())).append("\n\n");
            } else if (block instanceof ReportDocument.Heading heading) {
                out.append("#".repeat(heading.level())).append(' ').append(inline(heading.text())).append("\n\n");
            } else if (block instanceof ReportDocument.Meta meta) {
                for (Map.Entry<String, String> entry : meta.entries()) {
                    out.append("- **").append(inline(entry.getKey())).append("**: ").append(inline(entry.getValue())).append('\n');
                }
                out.append('\n');
            } else if (block instanceof ReportDocument.Paragraph paragraph) {
                out.append(inline(paragraph.text())).append("\n\n");
            } else if (block instanceof ReportDocument.Notice notice) {
                out.append("> **").append(inline(notice.text())).append("**\n\n");
            } else if (block instanceof ReportDocument.Table table) {
                table(out, table);
            } else if (block instanceof ReportDocument.Items items) {
                items.items().forEach(item -> out.append("- ").append(inline(item)).append('\n'));
                out.append('\n');
            }
            // ReportDocument.Chart: the hourly table that follows carries the same figures.
        }
        return out.toString();
    }

    private static void table(StringBuilder out, ReportDocument.Table table) {
        row(out, table.header(), false);
        out.append('|');
        for (int i = 0; i < table.header().size(); i++) {
            out.append(table.numeric()[i] ? " ---: |" : " --- |");
        }
        out.append('\n');
        table.rows().forEach(row -> row(out, row, false));
        if (table.footer() != null) {
            row(out, table.footer(), true);
        }
        out.append('\n');
    }

    private static void row(StringBuilder out, List<String> cells, boolean strong) {
        out.append('|');
        for (String cell : cells) {
            String text = inline(cell).replace("|", "\\|");
            out.append(' ').append(strong && !text.isEmpty() ? "**" + text + "**" : text).append(" |");
        }
        out.append('\n');
    }

    /** Escapes the characters that would start Markdown or HTML syntax inside running text. */
    static String inline(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\', '`', '*', '_', '[', ']', '<', '>', '#' -> out.append('\\').append(c);
                case '\n', '\r' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

package io.gatewatch.sinks.report;

/**
 * The one entry point for turning a {@link Report} into text:
 *
 * <pre>{@code
 * Report report = new ReportGenerator(dataSource).generate(ReportQuery.forDay(LocalDate.parse("2026-11-28"), "330110"));
 * String html = Renderer.render(report, ReportFormat.HTML, Language.ZH);
 * }</pre>
 *
 * Markdown and HTML show the same sections from one layout ({@code ReportDocument}); CSV is one
 * long table for spreadsheets ({@code CsvRenderer} documents its columns). Pure and thread-safe.
 */
public final class Renderer {
    private Renderer() {}

    public static String render(Report report, ReportFormat format, Language language) {
        Labels labels = Labels.of(language);
        return switch (format) {
            case HTML -> HtmlRenderer.render(report, labels);
            case MARKDOWN -> MarkdownRenderer.render(report, labels);
            case CSV -> CsvRenderer.render(report, labels);
        };
    }
}

package io.gatewatch.sinks.report;

import java.util.Locale;
import java.util.Optional;

/** Output formats; {@link #tag()} is the {@code format} parameter value. */
enum ReportFormat {
    HTML("html", "text/html; charset=utf-8", "html"),
    MARKDOWN("md", "text/markdown; charset=utf-8", "md"),
    CSV("csv", "text/csv; charset=utf-8; header=present", "csv");

    private final String tag;
    private final String contentType;
    private final String extension;

    ReportFormat(String tag, String contentType, String extension) {
        this.tag = tag;
        this.contentType = contentType;
        this.extension = extension;
    }

    public String tag() {
        return tag;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** Accepts the tag ({@code html}, {@code md}, {@code csv}) and {@code markdown}, case-insensitively. */
    public static Optional<ReportFormat> of(String tag) {
        if (tag != null && tag.trim().toLowerCase(Locale.ROOT).equals("markdown")) {
            return Optional.of(MARKDOWN);
        }
        return Tags.find(values(), ReportFormat::tag, tag);
    }
}

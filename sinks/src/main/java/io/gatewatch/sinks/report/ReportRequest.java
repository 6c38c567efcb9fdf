package io.gatewatch.sinks.report;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A report request as given by its parameters (HTTP query string, or a CLI that collects the same
 * names): {@code date} or {@code from}+{@code to} (ISO dates, local days), {@code area},
 * {@code format} ({@code html}|{@code md}|{@code csv}, default html), {@code lang} ({@code zh}|{@code en},
 * default zh), {@code tz} (IANA zone, default the deployment's) and {@code top} (villages per ranking,
 * default 10). Anything else, a repeated or an unusable parameter throws
 * {@link InvalidReportQueryException} naming it.
 */
public record ReportRequest(ReportQuery query, ReportFormat format) {
    public static final Set<String> PARAMETERS = Set.of("date", "from", "to", "area", "format", "lang", "tz", "top");

    public static ReportRequest parse(Map<String, List<String>> parameters, ZoneId defaultZone) {
        for (Map.Entry<String, List<String>> entry : parameters.entrySet()) {
            if (!PARAMETERS.contains(entry.getKey())) {
                throw new InvalidReportQueryException(entry.getKey(), "unknown parameter; known are " + String.join(", ",
                        List.of("date", "from", "to", "area", "format", "lang", "tz", "top")));
            }
            if (entry.getValue().size() > 1) {
                throw new InvalidReportQueryException(entry.getKey(), "given " + entry.getValue().size() + " times");
            }
        }
        String date = single(parameters, "date");
        String from = single(parameters, "from");
        String to = single(parameters, "to");
        LocalDate first;
        LocalDate last;
        if (date != null) {
            if (from != null || to != null) {
                throw new InvalidReportQueryException("date", "give either date or from and to, not both");
            }
            first = date("date", date);
            last = first;
        } else if (from != null || to != null) {
            if (from == null) {
                throw new InvalidReportQueryException("from", "missing: a range needs from and to");
            }
            if (to == null) {
                throw new InvalidReportQueryException("to", "missing: a range needs from and to");
            }
            first = date("from", from);
            last = date("to", to);
        } else {
            throw new InvalidReportQueryException("date", "missing: give a date (YYYY-MM-DD), or from and to");
        }
        Area area = ReportQuery.area(single(parameters, "area"));
        ReportFormat format = optional(parameters, "format")
                ? ReportFormat.of(single(parameters, "format")).orElseThrow(() -> new InvalidReportQueryException("format",
                        "expected html, md or csv, got '" + single(parameters, "format") + "'"))
                : ReportFormat.HTML;
        Language language = optional(parameters, "lang")
                ? Language.of(single(parameters, "lang")).orElseThrow(() -> new InvalidReportQueryException("lang",
                        "expected zh or en, got '" + single(parameters, "lang") + "'"))
                : Language.ZH;
        ZoneId zone = optional(parameters, "tz") ? zone(single(parameters, "tz")) : defaultZone;
        int top = optional(parameters, "top") ? top(single(parameters, "top")) : ReportQuery.DEFAULT_TOP_VILLAGES;
        return new ReportRequest(new ReportQuery(first, last, area, zone, language, top), format);
    }

    private static boolean optional(Map<String, List<String>> parameters, String name) {
        return single(parameters, name) != null;
    }

    private static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        return values.get(0);
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidReportQueryException(name, "expected a date like 2026-11-28, got '" + value + "'");
        }
    }

    private static ZoneId zone(String value) {
        try {
            return ZoneId.of(value.trim());
        } catch (DateTimeException e) {
            throw new InvalidReportQueryException("tz", "expected an IANA time zone like Asia/Shanghai, got '" + value + "'");
        }
    }

    private static int top(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidReportQueryException("top", "expected a whole number, got '" + value + "'");
        }
    }
}

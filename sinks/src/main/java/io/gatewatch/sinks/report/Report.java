package io.gatewatch.sinks.report;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A generated report: one {@link DayReport} per local day of the query, in order, and warnings
 * about the data (e.g. stored days aligned to another time zone). Immutable; render it with
 * {@link Renderer#render(Report, ReportFormat, Language)}.
 */
public record Report(ReportQuery query, Instant generatedAt, List<DayReport> days, List<ReportWarning> warnings) {

    public Report {
        days = List.copyOf(days);
        warnings = List.copyOf(warnings);
    }

    /** The sum over the whole range (the last day's cumulative figure). */
    public Optional<Figures> total() {
        return days.isEmpty() ? Optional.empty() : days.get(days.size() - 1).cumulative();
    }

    public int daysWithData() {
        return days.isEmpty() ? 0 : days.get(days.size() - 1).daysWithData();
    }
}

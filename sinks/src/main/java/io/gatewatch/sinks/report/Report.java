package io.gatewatch.sinks.report;

import java.time.Instant;
import io.gatewatch.sinks.areas.AreaNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A generated report: one {@link DayReport} per local day of the query, in order, and warnings
 * about the data (e.g. stored days aligned to another time zone). Immutable; render it with
 * {@link Renderer#render(Report, ReportFormat, Language)}.
 */
public record Report(ReportQuery query, Instant generatedAt, List<DayReport> days, List<ReportWarning> warnings,
                     Map<String, AreaNames.AreaName> areaNames) {

    public Report {
        days = List.copyOf(days);
        warnings = List.copyOf(warnings);
        areaNames = Map.copyOf(areaNames);
    }

    /** A report without area names: every area is shown by its code. */
    public Report(ReportQuery query, Instant generatedAt, List<DayReport> days, List<ReportWarning> warnings) {
        this(query, generatedAt, days, warnings, Map.of());
    }

    /** How {@code labels} name the area {@code code}: "东村 (330106001001)" from the gazetteer, else "村(社区)330106001001". */
    public String areaLabel(Labels labels, String code) {
        AreaNames.AreaName name = areaNames.get(code);
        return name == null ? labels.area(new Area(code)) : labels.namedArea(name, code);
    }

    /** The sum over the whole range (the last day's cumulative figure). */
    public Optional<Figures> total() {
        return days.isEmpty() ? Optional.empty() : days.get(days.size() - 1).cumulative();
    }

    public int daysWithData() {
        return days.isEmpty() ? 0 : days.get(days.size() - 1).daysWithData();
    }
}

package io.gatewatch.sinks.report;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What a report covers: local days {@code from}..{@code to} (inclusive) in {@code zone}, for the
 * area under a code prefix, with labels in {@code language} by default.
 *
 * <p>A local day runs from midnight to the next midnight in {@code zone}, which must be the zone the
 * counts topology aligned its DAY windows to ({@code counts.time.zone}); the generator warns when the
 * stored rows say otherwise. Invalid values throw {@link InvalidReportQueryException} naming the
 * parameter as the HTTP endpoint spells it.
 */
public record ReportQuery(LocalDate from, LocalDate to, Area area, ZoneId zone, Language language, int topVillages) {
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
    public static final int DEFAULT_TOP_VILLAGES = 10;
    public static final int MAX_TOP_VILLAGES = 100;
    /** Longest range: each day gets its own detail sections, so a range is bounded to stay readable. */
    public static final int MAX_DAYS = 31;

    public ReportQuery {
        if (from == null) {
            throw new InvalidReportQueryException("from", "missing");
        }
        if (to == null) {
            throw new InvalidReportQueryException("to", "missing");
        }
        if (to.isBefore(from)) {
            throw new InvalidReportQueryException("to", "must not be before from (" + from + "), got " + to);
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > MAX_DAYS) {
            throw new InvalidReportQueryException("to", "a range covers at most " + MAX_DAYS + " days, got " + days);
        }
        if (area == null) {
            throw new InvalidReportQueryException("area", "missing");
        }
        if (zone == null) {
            throw new InvalidReportQueryException("tz", "missing");
        }
        if (language == null) {
            throw new InvalidReportQueryException("lang", "missing");
        }
        if (topVillages < 1 || topVillages > MAX_TOP_VILLAGES) {
            throw new InvalidReportQueryException("top", "must be between 1 and " + MAX_TOP_VILLAGES + ", got " + topVillages);
        }
    }

    /** One local day for {@code areaCode}, in Asia/Shanghai, Chinese labels. */
    public static ReportQuery forDay(LocalDate day, String areaCode) {
        return between(day, day, areaCode);
    }

    /** Local days {@code from}..{@code to} inclusive for {@code areaCode}, in Asia/Shanghai, Chinese labels. */
    public static ReportQuery between(LocalDate from, LocalDate to, String areaCode) {
        return new ReportQuery(from, to, area(areaCode), DEFAULT_ZONE, Language.ZH, DEFAULT_TOP_VILLAGES);
    }

    public ReportQuery withZone(ZoneId newZone) {
        return new ReportQuery(from, to, area, newZone, language, topVillages);
    }

    public ReportQuery withLanguage(Language newLanguage) {
        return new ReportQuery(from, to, area, zone, newLanguage, topVillages);
    }

    public ReportQuery withTopVillages(int top) {
        return new ReportQuery(from, to, area, zone, language, top);
    }

    /** The local days covered, in order. */
    public List<LocalDate> days() {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            days.add(day);
        }
        return days;
    }

    public boolean isSingleDay() {
        return from.equals(to);
    }

    static Area area(String code) {
        if (code == null || code.isBlank()) {
            throw new InvalidReportQueryException("area", "missing: give a code prefix of 2, 4, 6, 9 or 12 digits");
        }
        if (Area.of(code).isEmpty()) {
            throw new InvalidReportQueryException("area",
                    "expected a code prefix of 2, 4, 6, 9 or 12 digits (county 6, township 9, village 12), got '" + code + "'");
        }
        return new Area(code);
    }
}

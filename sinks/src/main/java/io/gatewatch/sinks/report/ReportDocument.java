package io.gatewatch.sinks.report;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The report laid out once, in one language, as blocks that the Markdown and HTML renderers turn
 * into text: both show the same sections, figures and notes in the same order. Pure.
 */
final class ReportDocument {

    sealed interface Block permits Title, Heading, Meta, Paragraph, Notice, Table, Chart, Items {}

    record Title(String text) implements Block {}

    /** Level 2: a day or a report-wide section; level 3: a section of a day. */
    record Heading(int level, String text) implements Block {}

    record Meta(List<Map.Entry<String, String>> entries) implements Block {}

    record Paragraph(String text) implements Block {}

    enum NoticeKind { NO_DATA, PROVISIONAL, WARNING }

    record Notice(NoticeKind kind, String text) implements Block {}

    /** A table; {@code numeric[i]} right-aligns column i; a non-null {@code footer} is a last, emphasised row. */
    record Table(List<String> header, List<List<String>> rows, boolean[] numeric, List<String> footer) implements Block {}

    record Chart(String title, List<HourFigures> hours) implements Block {}

    record Items(List<String> items) implements Block {}

    private static final Measure[] SUB_AREA_MEASURES = {Measure.SCANS, Measure.DISTINCT_PERSONS, Measure.FEVERS,
        Measure.NON_GREEN, Measure.YELLOW_CODES, Measure.RED_CODES, Measure.VISITORS, Measure.VEHICLES, Measure.DEVICE_FAULTS};
    private static final Measure[] CHECKPOINT_MEASURES = {Measure.SCANS, Measure.FEVERS, Measure.YELLOW_CODES,
        Measure.RED_CODES, Measure.VISITORS, Measure.VEHICLES, Measure.DEVICE_FAULTS, Measure.GATE_SCANS,
        Measure.PHONE_APP_SCANS, Measure.STAFF_SCANS, Measure.CLINIC_SCANS, Measure.PHARMACY_SCANS};
    private static final Measure[] HOUR_MEASURES = {Measure.SCANS, Measure.FEVERS, Measure.NON_GREEN,
        Measure.VISITORS, Measure.VEHICLES, Measure.DEVICE_FAULTS};
    private static final Measure[] OVERVIEW_MEASURES = {Measure.SCANS, Measure.FEVERS, Measure.NON_GREEN,
        Measure.VISITORS, Measure.VEHICLES, Measure.DEVICE_FAULTS};
    /** Sources always listed under "where fevers were found", even at zero: the officials' categories. */
    private static final List<String> ALWAYS_LISTED_SOURCES = List.of("GATE_DEVICE", "CLINIC", "PHARMACY");

    private final Report report;
    private final Labels labels;
    private final List<Block> blocks = new ArrayList<>();

    private ReportDocument(Report report, Labels labels) {
        this.report = report;
        this.labels = labels;
    }

    static List<Block> of(Report report, Labels labels) {
        ReportDocument document = new ReportDocument(report, labels);
        document.build();
        return List.copyOf(document.blocks);
    }

    /** The document's title (also the HTML page title). */
    static String title(Report report, Labels labels) {
        ReportQuery query = report.query();
        return query.isSingleDay() ? labels.get("title")
                : labels.format("title.range", Map.of("from", labels.date(query.from()), "to", labels.date(query.to())));
    }

    private void build() {
        ReportQuery query = report.query();
        blocks.add(new Title(title(report, labels)));
        String dates = query.isSingleDay() ? labels.date(query.from())
                : labels.date(query.from()) + " – " + labels.date(query.to());
        blocks.add(new Meta(List.of(
                Map.entry(labels.get("meta.area"), report.areaLabel(labels, query.area().code())),
                Map.entry(labels.get("meta.dates"), dates),
                Map.entry(labels.get("meta.zone"), query.zone().getId()),
                Map.entry(labels.get("meta.generated"),
                        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx").format(report.generatedAt().atZone(query.zone()))))));
        for (ReportWarning warning : report.warnings()) {
            blocks.add(new Notice(NoticeKind.WARNING, labels.format("warning." + warning.key(), Map.of("detail", warning.detail()))));
        }
        if (!query.isSingleDay()) {
            overview();
        }
        for (DayReport day : report.days()) {
            day(day);
        }
        notes();
    }

    private void overview() {
        blocks.add(new Heading(2, labels.get("section.overview")));
        List<String> header = new ArrayList<>(List.of(labels.get("column.date"), labels.get("column.status")));
        Arrays.stream(OVERVIEW_MEASURES).forEach(m -> header.add(labels.measure(m)));
        header.add(labels.get("measure.operating_checkpoints"));
        List<List<String>> rows = new ArrayList<>();
        for (DayReport day : report.days()) {
            List<String> row = new ArrayList<>(List.of(labels.date(day.date()), status(day)));
            for (Measure measure : OVERVIEW_MEASURES) {
                row.add(day.figures().map(f -> value(measure.of(f.figures()))).orElse(labels.get("status.no_data")));
            }
            row.add(day.hasData() ? Integer.toString(day.operatingCheckpoints()) : labels.get("status.no_data"));
            rows.add(row);
        }
        List<String> footer = null;
        Optional<Figures> total = report.total();
        if (total.isPresent()) {
            footer = new ArrayList<>(List.of(labels.get("total"), ""));
            for (Measure measure : OVERVIEW_MEASURES) {
                footer.add(value(measure.of(total.get())));
            }
            footer.add("");
        }
        blocks.add(new Table(header, rows, numeric(header.size(), 2), footer));
        blocks.add(new Heading(2, labels.get("section.total")));
        DayReport last = report.days().get(report.days().size() - 1);
        if (total.isPresent()) {
            blocks.add(new Paragraph(cumulativeNarrative(last)));
        } else {
            blocks.add(new Notice(NoticeKind.NO_DATA, labels.get("no_data.day")));
        }
    }

    private void day(DayReport day) {
        blocks.add(new Heading(2, labels.date(day.date()) + " · " + status(day)));
        if (!day.hasData()) {
            blocks.add(new Notice(NoticeKind.NO_DATA, labels.get("no_data.day")));
            return;
        }
        StoredFigures stored = day.figures().orElseThrow();
        Figures figures = stored.figures();
        if (!stored.isFinal()) {
            blocks.add(new Notice(NoticeKind.PROVISIONAL, labels.get("status.provisional")));
        }
        Map<String, Object> values = new HashMap<>();
        values.put("date", labels.date(day.date()));
        values.put("area", report.areaLabel(labels, report.query().area().code()));
        values.put("vehicles", figures.vehicles());
        values.put("scans", figures.scans());
        values.put("fevers", figures.fevers());
        values.put("non_green", figures.yellowCodes() + figures.redCodes());
        values.put("yellow", figures.yellowCodes());
        values.put("red", figures.redCodes());
        values.put("visitors", figures.visitors());
        values.put("operating", day.operatingCheckpoints());
        values.put("others", others(day));
        values.put("implausible", day.implausibleReadings());
        values.put("implausible_rate", shareOfScans(day.implausibleReadings(), figures.scans()));
        values.put("unreadable", day.unreadableCodes());
        values.put("unreadable_rate", shareOfScans(day.unreadableCodes(), figures.scans()));
        blocks.add(new Paragraph(labels.format("narrative", values)));
        if (!report.query().isSingleDay()) {
            blocks.add(new Paragraph(cumulativeNarrative(day)));
        }
        figuresTable(day);
        feverSources(day, figures);
        observation(day);
        subAreas(day, figures);
        checkpoints(day);
        ranking("section.top_fevers", Measure.FEVERS, day.topByFevers());
        ranking("section.top_non_green", Measure.NON_GREEN, day.topByNonGreen());
        silent(day);
        faulty(day);
        hourly(day);
    }

    private void figuresTable(DayReport day) {
        blocks.add(new Heading(3, labels.get("section.figures")));
        Figures figures = day.figures().orElseThrow().figures();
        List<String> header = List.of(labels.get("column.measure"), labels.get("column.value"), labels.get("column.change"),
                labels.get("column.cumulative"));
        List<List<String>> rows = new ArrayList<>();
        for (Measure measure : Measure.values()) {
            rows.add(List.of(labels.measure(measure), value(measure.of(figures)), change(day, measure),
                    day.cumulative().map(c -> value(measure.of(c))).orElse("")));
        }
        rows.add(List.of(labels.get("measure.operating_checkpoints"), Integer.toString(day.operatingCheckpoints()), "", ""));
        rows.add(List.of(labels.get("measure.other_reporting_points"), others(day), "", ""));
        rows.add(List.of(labels.get("measure.registered_checkpoints"), Integer.toString(day.registeredCheckpoints()), "", ""));
        rows.add(List.of(labels.get("measure.silent_checkpoints"), Integer.toString(day.silentCheckpoints().size()), "", ""));
        rows.add(List.of(labels.get("measure.implausible_readings"), day.implausibleReadings() + " ("
                + shareOfScans(day.implausibleReadings(), figures.scans()) + ")", "", ""));
        rows.add(List.of(labels.get("measure.unreadable_codes"), day.unreadableCodes() + " ("
                + shareOfScans(day.unreadableCodes(), figures.scans()) + ")", "", ""));
        rows.add(List.of(labels.get("measure.faulty_devices"), Integer.toString(day.faultyDevices().size()), "", ""));
        blocks.add(new Table(header, rows, numeric(4, 1), null));
    }

    private void feverSources(DayReport day, Figures figures) {
        blocks.add(new Heading(3, labels.get("section.fever_sources")));
        FeverAlerts alerts = day.feverAlerts();
        List<List<String>> rows = new ArrayList<>();
        for (String source : FeverAlerts.SOURCES) {
            if (ALWAYS_LISTED_SOURCES.contains(source) || alerts.of(source) > 0) {
                rows.add(List.of(labels.get("source." + source), Long.toString(alerts.of(source))));
            }
        }
        alerts.bySource().keySet().stream().filter(s -> !FeverAlerts.SOURCES.contains(s)).sorted()
                .forEach(s -> rows.add(List.of(labels.get("source.other") + " (" + s + ")", Long.toString(alerts.of(s)))));
        blocks.add(new Table(List.of(labels.get("column.source"), labels.get("column.fever_alerts")), rows, numeric(2, 1),
                List.of(labels.get("total"), Long.toString(alerts.total()))));
        Map<String, Object> values = Map.of("alerts", alerts.total(), "fevers", figures.fevers());
        blocks.add(new Paragraph(labels.format(alerts.total() == figures.fevers() ? "fever.matches" : "fever.differs", values)));
        blocks.add(new Paragraph(labels.get("fever.explain")));
    }

    /** Medical observation in the seed's words, then per village. */
    private void observation(DayReport day) {
        blocks.add(new Heading(3, labels.get("section.observation")));
        ObservationFigures total = day.observationTotal();
        blocks.add(new Paragraph(labels.format("observation.narrative", Map.of("home", total.home(), "central", total.central(),
                "started", total.started(), "released", total.released(), "breaches", total.breaches(),
                "missed", total.missedCheckins()))));
        if (!day.observations().isEmpty()) {
            List<String> header = new ArrayList<>(List.of(labels.get("column.village")));
            OBSERVATION_MEASURES.forEach(key -> header.add(labels.get("measure." + key)));
            List<List<String>> rows = new ArrayList<>();
            day.observations().forEach((village, figures) -> {
                List<String> row = new ArrayList<>(List.of(report.areaLabel(labels, village)));
                observationValues(figures).forEach(value -> row.add(Long.toString(value)));
                rows.add(row);
            });
            List<String> footer = new ArrayList<>(List.of(labels.get("total")));
            observationValues(total).forEach(value -> footer.add(Long.toString(value)));
            blocks.add(new Table(header, rows, numeric(header.size(), 1), footer));
        }
        blocks.add(new Paragraph(labels.get("observation.explain")));
    }

    /** The CSV keys of {@link ObservationFigures}, in the order of {@link #observationValues}. */
    static final List<String> OBSERVATION_MEASURES = List.of("home_observation", "central_observation", "observation_started",
            "observation_released", "observation_breaches", "missed_checkins");

    static List<Long> observationValues(ObservationFigures figures) {
        return List.of(figures.home(), figures.central(), figures.started(), figures.released(), figures.breaches(),
                figures.missedCheckins());
    }

    private void subAreas(DayReport day, Figures figures) {
        if (report.query().area().childLevel().isEmpty()) {
            return;
        }
        blocks.add(new Heading(3, labels.get("section.sub_areas")));
        if (day.subAreas().isEmpty()) {
            blocks.add(new Paragraph(labels.get("none")));
            return;
        }
        List<String> header = new ArrayList<>(List.of(labels.get("column.code")));
        Arrays.stream(SUB_AREA_MEASURES).forEach(m -> header.add(labels.measure(m)));
        header.add(labels.get("column.final"));
        List<List<String>> rows = new ArrayList<>();
        Figures sum = null;
        for (SubAreaFigures part : day.subAreas()) {
            List<String> row = new ArrayList<>(List.of(report.areaLabel(labels, part.areaCode())));
            Arrays.stream(SUB_AREA_MEASURES).forEach(m -> row.add(value(m.of(part.figures()))));
            row.add(labels.get(part.isFinal() ? "yes" : "no"));
            rows.add(row);
            sum = sum == null ? part.figures() : sum.plus(part.figures());
        }
        // Adding zero states the parts' distinct persons as "not additive", even for a single part.
        Figures parts = sum.plus(zero());
        List<String> footer = new ArrayList<>(List.of(labels.get("sum_of_parts")));
        Arrays.stream(SUB_AREA_MEASURES).forEach(m -> footer.add(value(m.of(parts))));
        footer.add("");
        boolean[] numeric = numeric(header.size(), 1);
        numeric[header.size() - 1] = false;
        blocks.add(new Table(header, rows, numeric, footer));
        boolean matches = Arrays.stream(Measure.values()).filter(m -> m != Measure.DISTINCT_PERSONS)
                .allMatch(m -> m.of(parts).equals(m.of(figures)));
        blocks.add(new Paragraph(matches ? labels.get("sub_areas.matches")
                : labels.format("sub_areas.differs", Map.of("sum", parts.scans(), "scans", figures.scans()))));
    }

    /** {@code n} as a percentage of {@code scans}, two decimals ("0.25%"); "-" without scans. */
    static String shareOfScans(long n, long scans) {
        return scans == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.2f%%", 100.0 * n / scans);
    }

    /** The day's non-gate reporting points by kind ("clinics: 2, pharmacies: 1"), or "none". */
    private String others(DayReport day) {
        Map<String, Long> byKind = day.otherReportingPoints();
        if (byKind.isEmpty()) {
            return labels.get("others.none");
        }
        List<String> parts = new ArrayList<>();
        byKind.forEach((kind, n) -> parts.add(labels.format("others." + kind, Map.of("n", n))));
        return String.join(labels.get("others.separator"), parts);
    }

    private void checkpoints(DayReport day) {
        blocks.add(new Heading(3, labels.get("section.checkpoints")));
        blocks.add(new Paragraph(labels.format("checkpoints.summary", Map.of("operating", day.operatingCheckpoints(),
                "others", others(day), "registered", day.registeredCheckpoints(), "silent", day.silentCheckpoints().size()))));
        if (!day.checkpoints().isEmpty()) {
            List<String> header = new ArrayList<>(List.of(labels.get("column.checkpoint"), labels.get("column.villages")));
            Arrays.stream(CHECKPOINT_MEASURES).forEach(m -> header.add(labels.measure(m)));
            List<List<String>> rows = new ArrayList<>();
            for (CheckpointFigures checkpoint : day.checkpoints()) {
                List<String> row = new ArrayList<>(List.of(
                        checkpoint.checkpointId() + (checkpoint.sharedWithOtherAreas() ? " †" : ""),
                        String.join(", ", checkpoint.villages())));
                Arrays.stream(CHECKPOINT_MEASURES).forEach(m -> row.add(value(m.of(checkpoint.figures()))));
                rows.add(row);
            }
            blocks.add(new Table(header, rows, numeric(header.size(), 2), null));
            if (day.checkpoints().stream().anyMatch(CheckpointFigures::sharedWithOtherAreas)) {
                blocks.add(new Paragraph(labels.get("checkpoints.shared")));
            }
        }
        blocks.add(new Paragraph(day.unitemisedScans() == 0 ? labels.get("checkpoints.complete")
                : labels.format("checkpoints.unitemised", Map.of("scans", day.unitemisedScans()))));
    }

    private void ranking(String section, Measure measure, List<VillageRank> ranks) {
        listSection(section, ranks, List.of(labels.get("column.rank"), labels.get("column.village"), labels.measure(measure)),
                new boolean[] {true, false, true},
                r -> List.of(Integer.toString(r.rank()), r.villageCode(), Long.toString(r.value())));
    }

    private void silent(DayReport day) {
        listSection("section.silent", day.silentCheckpoints(),
                List.of(labels.get("column.checkpoint"), labels.get("column.village"), labels.get("column.devices")),
                new boolean[3],
                s -> List.of(s.checkpointId(), s.villageCode(), String.join(", ", s.deviceIds())));
        blocks.add(new Paragraph(labels.get("silent.explain")));
    }

    private void faulty(DayReport day) {
        listSection("section.faulty", day.faultyDevices(),
                List.of(labels.get("column.device"), labels.get("column.checkpoint"), labels.get("column.village"),
                        labels.get("column.fault_alerts"), labels.get("column.fault_rate_alerts")),
                new boolean[] {false, false, false, true, true},
                d -> List.of(d.deviceId(), d.checkpointId(), d.villageCode(), Long.toString(d.faultAlerts()),
                        Long.toString(d.faultRateAlerts())));
        blocks.add(new Paragraph(labels.get("faulty.explain")));
    }

    /** A section of one table, a row per item; "none" instead of an empty table. */
    private <T> void listSection(String section, List<T> items, List<String> header, boolean[] numeric,
                                 Function<T, List<String>> row) {
        blocks.add(new Heading(3, labels.get(section)));
        if (items.isEmpty()) {
            blocks.add(new Paragraph(labels.get("none")));
        } else {
            blocks.add(new Table(header, items.stream().map(row).toList(), numeric, null));
        }
    }

    private void hourly(DayReport day) {
        blocks.add(new Heading(3, labels.get("section.hourly")));
        blocks.add(new Chart(labels.format("chart.title", Map.of("date", labels.date(day.date()))), day.hours()));
        List<String> header = new ArrayList<>(List.of(labels.get("column.hour")));
        Arrays.stream(HOUR_MEASURES).forEach(m -> header.add(labels.measure(m)));
        List<List<String>> rows = new ArrayList<>();
        for (HourFigures hour : day.hours()) {
            List<String> row = new ArrayList<>(List.of(hourLabel(hour)));
            for (Measure measure : HOUR_MEASURES) {
                row.add(hour.figures().map(f -> value(measure.of(f))).orElse(""));
            }
            rows.add(row);
        }
        blocks.add(new Table(header, rows, numeric(header.size(), 1), null));
        blocks.add(new Paragraph(labels.get("hourly.explain")));
    }

    private void notes() {
        blocks.add(new Heading(2, labels.get("section.notes")));
        List<String> notes = new ArrayList<>(List.of(labels.get("note.scans"), labels.get("note.fevers"),
                labels.get("note.vehicles"), labels.get("note.non_green"), labels.get("note.distinct"),
                labels.get("note.provisional")));
        if (!report.query().area().isStored()) {
            notes.add(labels.get("note.sum"));
        }
        blocks.add(new Items(notes));
    }

    private String cumulativeNarrative(DayReport day) {
        Figures cumulative = day.cumulative().orElse(null);
        if (cumulative == null) {
            return labels.get("no_data.day");
        }
        Map<String, Object> values = new HashMap<>();
        values.put("from", labels.date(report.query().from()));
        values.put("date", labels.date(day.date()));
        values.put("days", day.daysWithData());
        values.put("vehicles", cumulative.vehicles());
        values.put("scans", cumulative.scans());
        values.put("fevers", cumulative.fevers());
        values.put("non_green", cumulative.yellowCodes() + cumulative.redCodes());
        values.put("visitors", cumulative.visitors());
        return labels.format("narrative.cumulative", values);
    }

    static String hourLabel(HourFigures hour) {
        return DateTimeFormatter.ofPattern("HH:mm").format(hour.start()) + "–"
                + DateTimeFormatter.ofPattern("HH:mm").format(hour.start().plusHours(1));
    }

    private String status(DayReport day) {
        if (!day.hasData()) {
            return labels.get("status.no_data");
        }
        return day.figures().get().isFinal() ? labels.get("status.final") : labels.get("status.provisional_short");
    }

    private String value(Long value) {
        return value == null ? labels.get("not_additive") : Long.toString(value);
    }

    private String change(DayReport day, Measure measure) {
        return day.change(measure).map(ReportDocument::signed).orElse(labels.get("no_comparison"));
    }

    static String signed(long change) {
        return change > 0 ? "+" + change : Long.toString(change);
    }

    private static boolean[] numeric(int columns, int firstNumeric) {
        boolean[] numeric = new boolean[columns];
        Arrays.fill(numeric, firstNumeric, columns, true);
        return numeric;
    }

    private static Figures zero() {
        return new Figures(0, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}

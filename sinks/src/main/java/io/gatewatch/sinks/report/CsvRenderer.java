package io.gatewatch.sinks.report;

import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Renders a report as one long CSV table (RFC 4180: CRLF line ends, fields quoted when they hold a
 * comma, quote, CR or LF, quotes doubled), one figure per line:
 *
 * <pre>section,date,area,item,measure,label,value</pre>
 *
 * <ul>
 *   <li>{@code section}: {@code report} (warnings), {@code day} (status), {@code figures},
 *       {@code change}, {@code cumulative}, {@code fever_alerts}, {@code observation} (the area, then
 *       each village with a figure: {@code home_observation}, {@code central_observation},
 *       {@code observation_started}, {@code observation_released} in persons,
 *       {@code observation_breaches}, {@code missed_checkins} in alerts), {@code sub_area}, {@code checkpoint},
 *       {@code top_fevers}, {@code top_non_green}, {@code silent_checkpoint}, {@code faulty_device},
 *       {@code hourly};</li>
 *   <li>{@code item}: what the line is about inside the section (a source, an area code, a
 *       checkpoint, a device, a local hour as ISO-8601 with offset), empty for the area itself;</li>
 *   <li>{@code measure}: a stable English key ({@link Measure#key()} and a few more);
 *       {@code label}: the same in the report's language;</li>
 *   <li>{@code value}: an integer, or a word ({@code final}, {@code provisional}, {@code no_data},
 *       lists joined with {@code ;}). Empty when the figure is not stated (distinct persons of a
 *       sum). A day without data has only its {@code status} line, {@code no_data}: never zeros.</li>
 * </ul>
 * The header keys never change with the language, so scripts can rely on them. The text starts
 * with a UTF-8 byte-order mark so that spreadsheet programs read the Chinese labels correctly.
 * A text field that would start a spreadsheet formula ({@code = + - @}) gets a leading
 * apostrophe; numbers (including negative changes) are written as they are.
 */
final class CsvRenderer {
    static final String BOM = "\uFEFF";
    static final List<String> HEADER = List.of("section", "date", "area", "item", "measure", "label", "value");

    private final Report report;
    private final Labels labels;
    private final StringBuilder out = new StringBuilder(BOM);

    private CsvRenderer(Report report, Labels labels) {
        this.report = report;
        this.labels = labels;
    }

    static String render(Report report, Labels labels) {
        CsvRenderer renderer = new CsvRenderer(report, labels);
        renderer.write();
        return renderer.out.toString();
    }

    private void write() {
        line(HEADER);
        for (ReportWarning warning : report.warnings()) {
            text("report", "", "", "warning", labels.get("measure.warning"), warning.key() + ": " + warning.detail());
        }
        for (DayReport day : report.days()) {
            String date = day.date().toString();
            String status = day.figures().map(f -> f.isFinal() ? "final" : "provisional").orElse("no_data");
            text("day", date, "", "status", labels.get("measure.status"), status);
            if (!day.hasData()) {
                cumulative(day, date);
                continue;
            }
            Figures figures = day.figures().get().figures();
            for (Measure measure : Measure.values()) {
                number("figures", date, "", measure.key(), labels.measure(measure), measure.of(figures));
            }
            extra(date, "operating_checkpoints", day.operatingCheckpoints());
            for (String kind : CheckpointFigures.KINDS.subList(1, CheckpointFigures.KINDS.size())) {
                number("figures", date, kind, "other_reporting_points", labels.get("measure.other_reporting_points"),
                        day.otherReportingPoints().getOrDefault(kind, 0L));
            }
            extra(date, "registered_checkpoints", day.registeredCheckpoints());
            extra(date, "silent_checkpoints", day.silentCheckpoints().size());
            extra(date, "faulty_devices", day.faultyDevices().size());
            extra(date, "implausible_readings", day.implausibleReadings());
            extra(date, "unreadable_codes", day.unreadableCodes());
            extra(date, "unitemised_scans", day.unitemisedScans());
            extra(date, "fever_alerts", day.feverAlerts().total());
            for (Measure measure : Measure.values()) {
                day.change(measure).ifPresent(change ->
                        number("change", date, "", measure.key(), labels.measure(measure), change));
            }
            cumulative(day, date);
            day.feverAlerts().bySource().forEach((source, count) ->
                    number("fever_alerts", date, source, "fever_alerts", labels.get("measure.fever_alerts"), count));
            observation(date, "", day.observationTotal());
            day.observations().forEach((village, observed) -> observation(date, village, observed));
            for (SubAreaFigures part : day.subAreas()) {
                measures("sub_area", date, part.areaCode(), part.figures());
                text("sub_area", date, part.areaCode(), "final", labels.get("measure.final"), Boolean.toString(part.isFinal()));
            }
            for (CheckpointFigures checkpoint : day.checkpoints()) {
                measures("checkpoint", date, checkpoint.checkpointId(), checkpoint.figures());
                text("checkpoint", date, checkpoint.checkpointId(), "villages", labels.get("measure.villages"),
                        String.join(";", checkpoint.villages()));
                text("checkpoint", date, checkpoint.checkpointId(), "shared", labels.get("measure.shared"),
                        Boolean.toString(checkpoint.sharedWithOtherAreas()));
            }
            ranks("top_fevers", date, Measure.FEVERS, day.topByFevers());
            ranks("top_non_green", date, Measure.NON_GREEN, day.topByNonGreen());
            for (SilentCheckpoint silent : day.silentCheckpoints()) {
                text("silent_checkpoint", date, silent.checkpointId(), "village", labels.get("measure.village"),
                        silent.villageCode());
                text("silent_checkpoint", date, silent.checkpointId(), "devices", labels.get("measure.devices"),
                        String.join(";", silent.deviceIds()));
            }
            for (FaultyDevice device : day.faultyDevices()) {
                text("faulty_device", date, device.deviceId(), "checkpoint", labels.get("measure.checkpoint"), device.checkpointId());
                text("faulty_device", date, device.deviceId(), "village", labels.get("measure.village"), device.villageCode());
                number("faulty_device", date, device.deviceId(), "fault_alerts", labels.get("measure.fault_alerts"),
                        device.faultAlerts());
                number("faulty_device", date, device.deviceId(), "fault_rate_alerts", labels.get("measure.fault_rate_alerts"),
                        device.faultRateAlerts());
            }
            for (HourFigures hour : day.hours()) {
                String item = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(hour.start().toOffsetDateTime());
                if (hour.figures().isPresent()) {
                    measures("hourly", date, item, hour.figures().get());
                } else {
                    text("hourly", date, item, "status", labels.get("measure.status"), "no_data");
                }
            }
        }
    }

    /** The range's sum up to this day (also after a day without data: the sum still stands). */
    private void cumulative(DayReport day, String date) {
        day.cumulative().ifPresent(cumulative -> {
            for (Measure measure : Measure.values()) {
                number("cumulative", date, "", measure.key(), labels.measure(measure), measure.of(cumulative));
            }
            number("cumulative", date, "", "days_with_data", labels.get("measure.days_with_data"), (long) day.daysWithData());
        });
    }

    /** One line per observation measure; {@code village} empty for the whole area. */
    private void observation(String date, String village, ObservationFigures figures) {
        List<Long> values = ReportDocument.observationValues(figures);
        for (int i = 0; i < values.size(); i++) {
            String key = ReportDocument.OBSERVATION_MEASURES.get(i);
            number("observation", date, village, key, labels.get("measure." + key), values.get(i));
        }
    }

    private void extra(String date, String key, long value) {
        number("figures", date, "", key, labels.get("measure." + key), value);
    }

    private void measures(String section, String date, String item, Figures figures) {
        for (Measure measure : Measure.values()) {
            number(section, date, item, measure.key(), labels.measure(measure), measure.of(figures));
        }
    }

    private void ranks(String section, String date, Measure measure, List<VillageRank> ranks) {
        for (VillageRank rank : ranks) {
            number(section, date, rank.villageCode(), "rank", labels.get("measure.rank"), (long) rank.rank());
            number(section, date, rank.villageCode(), measure.key(), labels.measure(measure), rank.value());
        }
    }

    private void number(String section, String date, String item, String measure, String label, Long value) {
        line(List.of(section, date, area(), safe(item), measure, safe(label), value == null ? "" : value.toString()));
    }

    private void text(String section, String date, String item, String measure, String label, String value) {
        line(List.of(section, date, area(), safe(item), measure, safe(label), safe(value)));
    }

    private String area() {
        return report.query().area().code();
    }

    private void line(List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(fields.get(i)));
        }
        out.append("\r\n");
    }

    /** RFC 4180 quoting: only when needed, quotes doubled. */
    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\r') < 0 && field.indexOf('\n') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /** Text from the data (ids, lists) must not turn into a spreadsheet formula. */
    static String safe(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }
}

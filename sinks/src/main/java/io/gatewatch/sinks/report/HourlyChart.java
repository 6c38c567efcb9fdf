package io.gatewatch.sinks.report;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A small inline SVG bar chart of one day's hourly curve: people screened per local hour as bars,
 * fevers as red numbers above them, hours without a stored row marked with a grey dash (never drawn
 * as zero). Self-contained SVG (no script, no external font or stylesheet), well-formed XML so it
 * can sit in HTML or be saved as a file; each bar carries a {@code <title>} tooltip.
 */
final class HourlyChart {
    static final int WIDTH = 720;
    static final int HEIGHT = 220;
    private static final int LEFT = 44;
    private static final int RIGHT = 8;
    private static final int TOP = 22;
    private static final int BOTTOM = 30;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");

    private HourlyChart() {}

    static String svg(String title, List<HourFigures> hours, Labels labels) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        long max = hours.stream().flatMap(h -> h.figures().stream()).mapToLong(Figures::scans).max().orElse(0);
        long scale = Math.max(max, 1);
        double slot = (double) plotWidth / Math.max(hours.size(), 1);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" aria-label=\"").append(Html.escape(title)).append("\">");
        svg.append("<title>").append(Html.escape(title)).append("</title>");
        int baseline = TOP + plotHeight;
        svg.append(line(LEFT, TOP, LEFT, baseline)).append(line(LEFT, baseline, LEFT + plotWidth, baseline));
        svg.append(text(LEFT - 4, baseline + 4, "end", "axis", "0"));
        svg.append(text(LEFT - 4, TOP + 4, "end", "axis", Long.toString(max)));
        svg.append(line(LEFT - 3, TOP, LEFT, TOP));
        for (int i = 0; i < hours.size(); i++) {
            HourFigures hour = hours.get(i);
            double x = LEFT + i * slot;
            double centre = x + slot / 2;
            String label = ReportDocument.hourLabel(hour);
            if (i % 3 == 0) {
                svg.append(text(centre, baseline + 14, "middle", "axis", HOUR.format(hour.start())));
            }
            if (hour.figures().isEmpty()) {
                svg.append("<text x=\"").append(number(centre)).append("\" y=\"").append(baseline - 3)
                        .append("\" text-anchor=\"middle\" class=\"missing\"><title>").append(Html.escape(label)).append(": ")
                        .append(Html.escape(labels.get("status.no_data"))).append("</title>–</text>");
                continue;
            }
            Figures figures = hour.figures().get();
            double height = (double) figures.scans() * plotHeight / scale;
            svg.append("<rect class=\"bar\" x=\"").append(number(x + slot * 0.1)).append("\" y=\"")
                    .append(number(baseline - height)).append("\" width=\"").append(number(slot * 0.8)).append("\" height=\"")
                    .append(number(height)).append("\"><title>").append(Html.escape(label + ": "
                            + labels.measure(Measure.SCANS) + " " + figures.scans() + ", "
                            + labels.measure(Measure.FEVERS) + " " + figures.fevers())).append("</title></rect>");
            if (figures.fevers() > 0) {
                svg.append(text(centre, baseline - height - 3, "middle", "fever", Long.toString(figures.fevers())));
            }
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static String line(double x1, double y1, double x2, double y2) {
        return "<line class=\"axis-line\" x1=\"" + number(x1) + "\" y1=\"" + number(y1) + "\" x2=\"" + number(x2)
                + "\" y2=\"" + number(y2) + "\"/>";
    }

    private static String text(double x, double y, String anchor, String cssClass, String content) {
        return "<text x=\"" + number(x) + "\" y=\"" + number(y) + "\" text-anchor=\"" + anchor + "\" class=\"" + cssClass
                + "\">" + Html.escape(content) + "</text>";
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}

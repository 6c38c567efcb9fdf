package io.gatewatch.app.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: every line must be
 * a {@code # HELP}, a {@code # TYPE}, a comment, blank, or a well-formed sample; a sample's family
 * must have been typed before it; label names and values must be well formed. Anything else
 * throws with the line number.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME.pattern() + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME.pattern() + ") .*");
    private static final List<String> SUFFIXES = List.of("_bucket", "_count", "_sum", "_total", "_created", "_max");

    public record Sample(String name, Map<String, String> labels, double value) {}

    public record Exposition(Map<String, String> types, List<Sample> samples) {
        public List<Sample> named(String name) {
            return samples.stream().filter(s -> s.name().equals(name)).toList();
        }

        public List<Sample> withPrefix(String prefix) {
            return samples.stream().filter(s -> s.name().startsWith(prefix)).toList();
        }
    }

    private PrometheusText() {}

    public static Exposition parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    if (types.put(type.group(1), type.group(2)) != null) {
                        throw error(i, line, "family typed twice");
                    }
                } else if (line.startsWith("# TYPE") || (line.startsWith("# HELP") && !HELP.matcher(line).matches())) {
                    throw error(i, line, "malformed TYPE/HELP");
                }
                continue;
            }
            samples.add(sample(i, line, types));
        }
        return new Exposition(types, samples);
    }

    private static Sample sample(int i, String line, Map<String, String> types) {
        Matcher name = NAME.matcher(line);
        if (!name.lookingAt()) {
            throw error(i, line, "no metric name");
        }
        String metric = name.group();
        int pos = name.end();
        Map<String, String> labels = new HashMap<>();
        if (pos < line.length() && line.charAt(pos) == '{') {
            int close = line.indexOf("} ", pos);
            if (close < 0) {
                throw error(i, line, "unterminated labels");
            }
            String body = line.substring(pos + 1, close);
            Matcher label = LABEL.matcher(body);
            int at = 0;
            while (at < body.length()) {
                if (!label.find(at) || label.start() != at) {
                    throw error(i, line, "malformed label at " + at);
                }
                if (labels.put(label.group(1), label.group(2)) != null) {
                    throw error(i, line, "duplicate label " + label.group(1));
                }
                at = label.end();
                if (at < body.length()) {
                    if (body.charAt(at) != ',') {
                        throw error(i, line, "expected ',' between labels");
                    }
                    at++;
                }
            }
            pos = close + 1;
        }
        if (pos >= line.length() || line.charAt(pos) != ' ') {
            throw error(i, line, "expected a space before the value");
        }
        String[] rest = line.substring(pos + 1).split(" ");
        if (rest.length > 2) {
            throw error(i, line, "trailing fields");
        }
        double value;
        try {
            value = switch (rest[0]) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(rest[0]);
            };
            if (rest.length == 2) {
                Long.parseLong(rest[1]);
            }
        } catch (NumberFormatException e) {
            throw error(i, line, "bad number");
        }
        if (familyOf(metric, types) == null) {
            throw error(i, line, "sample before its # TYPE line");
        }
        return new Sample(metric, Map.copyOf(labels), value);
    }

    private static String familyOf(String metric, Map<String, String> types) {
        if (types.containsKey(metric)) {
            return metric;
        }
        for (String suffix : SUFFIXES) {
            if (metric.endsWith(suffix) && types.containsKey(metric.substring(0, metric.length() - suffix.length()))) {
                return metric.substring(0, metric.length() - suffix.length());
            }
        }
        return null;
    }

    private static IllegalArgumentException error(int i, String line, String why) {
        return new IllegalArgumentException("line " + (i + 1) + ": " + why + ": " + line);
    }
}

package io.gatewatch.sinks.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader for tests: records end with CRLF, fields are either bare (no comma,
 * quote, CR or LF) or quoted with doubled quotes inside; anything else throws. A leading UTF-8
 * byte-order mark is skipped.
 */
final class StrictCsv {
    private StrictCsv() {}

    static List<List<String>> parse(String text) {
        String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            StringBuilder field = new StringBuilder();
            if (s.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new IllegalArgumentException("unterminated quoted field at " + i);
                    }
                    char c = s.charAt(i);
                    if (c == '"') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                        } else {
                            i++;
                            break;
                        }
                    } else {
                        field.append(c);
                        i++;
                    }
                }
            } else {
                while (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != '\r') {
                    char c = s.charAt(i);
                    if (c == '"' || c == '\n') {
                        throw new IllegalArgumentException("bare field holds " + (c == '"' ? "a quote" : "a LF") + " at " + i);
                    }
                    field.append(c);
                    i++;
                }
            }
            record.add(field.toString());
            if (i >= s.length()) {
                throw new IllegalArgumentException("last record does not end with CRLF");
            }
            if (s.charAt(i) == ',') {
                i++;
            } else if (s.startsWith("\r\n", i)) {
                records.add(record);
                record = new ArrayList<>();
                i += 2;
            } else {
                throw new IllegalArgumentException("unexpected character after field at " + i);
            }
        }
        return records;
    }

    /** Writes records back with RFC 4180 minimal quoting (the inverse of {@link #parse} for such text). */
    static String write(List<List<String>> records) {
        StringBuilder out = new StringBuilder();
        for (List<String> record : records) {
            for (int i = 0; i < record.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                String field = record.get(i);
                boolean quote = field.contains(",") || field.contains("\"") || field.contains("\r") || field.contains("\n");
                out.append(quote ? '"' + field.replace("\"", "\"\"") + '"' : field);
            }
            out.append("\r\n");
        }
        return out.toString();
    }
}

package io.gatewatch.schema;

import java.util.ArrayList;
import java.util.List;

/** One line of the CSV files operators hand GateWatch (devices, area names): RFC 4180 quoting within the line. */
public final class CsvLine {
    private CsvLine() {}

    /**
     * The fields of {@code line}: separated by commas; a field may be quoted ({@code "a, b"},
     * {@code ""} for a quote).
     *
     * @throws IllegalArgumentException when a quote is not closed
     */
    public static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                quoted = true;
                field.setLength(0);
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("has a quote that is not closed");
        }
        fields.add(field.toString());
        return fields;
    }

    /** {@code line} without a leading byte-order mark (spreadsheets write one). */
    public static String withoutBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}

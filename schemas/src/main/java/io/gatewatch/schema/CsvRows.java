package io.gatewatch.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rows of the CSV files operators hand GateWatch (devices, area names), read all or nothing:
 * every bad line is named by its number (at most {@value #MAX_PROBLEMS} of them, so a wrong file
 * does not flood the terminal) and no row is returned unless every line is good. Blank lines are
 * skipped; two lines with the same identity are a problem, since which would win is a guess.
 */
public final class CsvRows {
    public static final int MAX_PROBLEMS = 20;

    private CsvRows() {}

    /** The first line without a byte-order mark and surrounding white space; empty for an empty file. */
    public static String header(BufferedReader lines) throws IOException {
        String header = lines.readLine();
        return header == null ? "" : CsvLine.withoutBom(header).strip();
    }

    /**
     * The rows of the lines after the header, in file order.
     *
     * @param parse         a line's fields to its row; throws {@link IllegalArgumentException} saying what is wrong
     * @param identity      a row's identity, which no other line may share
     * @param identityField the field that holds it, named when a line repeats it
     * @param noun          what a row stands for ("device"), named when a line repeats it
     * @param refused       the exception that refuses the file, given its problems as {@code line N: ...}
     */
    public static <T> List<T> read(BufferedReader lines, Function<List<String>, T> parse, Function<T, String> identity,
                                   String identityField, String noun,
                                   Function<List<String>, ? extends CsvImportException> refused) throws IOException {
        List<String> problems = new ArrayList<>();
        List<T> rows = new ArrayList<>();
        Map<String, Integer> lineOf = new HashMap<>();
        int lineNumber = 1;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                T row = parse.apply(CsvLine.split(line));
                Integer earlier = lineOf.putIfAbsent(identity.apply(row), lineNumber);
                if (earlier != null) {
                    throw new IllegalArgumentException("field '" + identityField + "' repeats the " + noun + " of line " + earlier);
                }
                rows.add(row);
            } catch (IllegalArgumentException e) {
                problems.add("line " + lineNumber + ": " + e.getMessage());
                if (problems.size() == MAX_PROBLEMS) {
                    problems.add("(stopped after " + MAX_PROBLEMS + " problems)");
                    break;
                }
            }
        }
        if (!problems.isEmpty()) {
            throw refused.apply(problems);
        }
        return rows;
    }
}

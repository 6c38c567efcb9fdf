package io.gatewatch.producers.observation;

import io.gatewatch.producers.gate.Pseudonymizer;
import io.gatewatch.schema.AreaCodes;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ObservationKind;
import io.gatewatch.schema.PersonTokens;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the health authority's watchlist file ({@code gatewatch observation import|release}) into
 * {@link ObservationEntry}s, all or nothing: every bad row is reported with its line number and no
 * entry is returned unless the whole file is good.
 *
 * <p>Format: UTF-8 CSV, a header line, then one person per line. Columns, in any order:
 * {@code personId} <em>or</em> {@code personToken}, {@code kind} ({@code HOME} or {@code CENTRAL}),
 * {@code villageCode} (12 digits), {@code from} and {@code to} (ISO local dates, inclusive); a
 * release file also has {@code releasedOn} (the first day no longer under observation). A raw
 * {@code personId} is pseudonymised here with the deployment secret and never kept or printed
 * (an error names the line, not the id). Blank lines and lines starting with {@code #} are skipped.
 * Values hold no commas or quotes (ids, codes and dates do not need them). A person twice in one
 * file is refused: which row wins would be a guess.
 */
public final class WatchlistCsv {
    /** Import (the observation as ordered) or release (the same columns plus {@code releasedOn}). */
    public enum Mode { IMPORT, RELEASE }

    static final String PERSON_ID = "personId";
    static final String PERSON_TOKEN = "personToken";
    static final String KIND = "kind";
    static final String VILLAGE = "villageCode";
    static final String FROM = "from";
    static final String TO = "to";
    static final String RELEASED_ON = "releasedOn";

    private final Pseudonymizer pseudonymizer;

    public WatchlistCsv(Pseudonymizer pseudonymizer) {
        this.pseudonymizer = Objects.requireNonNull(pseudonymizer, "pseudonymizer");
    }

    /**
     * The entries of {@code lines} (the file's lines, header first).
     *
     * @throws InvalidWatchlistException listing every problem as {@code line N: ...}
     */
    public List<ObservationEntry> parse(List<String> lines, Mode mode) {
        List<String> problems = new ArrayList<>();
        int headerLine = firstContentLine(lines);
        if (headerLine < 0) {
            throw new InvalidWatchlistException(List.of("line 1: no header line (" + expectedHeader(mode) + ")"));
        }
        Map<String, Integer> columns = header(lines.get(headerLine), mode, headerLine + 1, problems);
        if (!problems.isEmpty()) {
            throw new InvalidWatchlistException(problems);
        }
        List<ObservationEntry> entries = new ArrayList<>();
        Map<String, Integer> lineOfToken = new LinkedHashMap<>();
        for (int i = headerLine + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int number = i + 1;
            String[] cells = Arrays.stream(line.split(",", -1)).map(String::trim).toArray(String[]::new);
            if (cells.length != columns.size()) {
                problems.add("line " + number + ": " + cells.length + " values, the header has " + columns.size());
                continue;
            }
            List<String> rowProblems = new ArrayList<>();
            ObservationEntry entry = row(cells, columns, mode, rowProblems);
            if (!rowProblems.isEmpty()) {
                rowProblems.forEach(p -> problems.add("line " + number + ": " + p));
                continue;
            }
            Integer earlier = lineOfToken.putIfAbsent(entry.getPersonToken(), number);
            if (earlier != null) {
                problems.add("line " + number + ": the same person as line " + earlier);
                continue;
            }
            entries.add(entry);
        }
        if (!problems.isEmpty()) {
            throw new InvalidWatchlistException(problems);
        }
        return entries;
    }

    private ObservationEntry row(String[] cells, Map<String, Integer> columns, Mode mode, List<String> problems) {
        String token = person(cells, columns, problems);
        ObservationKind kind = kind(cells[columns.get(KIND)], problems);
        String village = cells[columns.get(VILLAGE)];
        if (!AreaCodes.isVillageCode(village)) {
            problems.add(VILLAGE + " must be 12 digits");
        }
        LocalDate from = date(FROM, cells[columns.get(FROM)], problems);
        LocalDate to = date(TO, cells[columns.get(TO)], problems);
        if (from != null && to != null && to.isBefore(from)) {
            problems.add(TO + " " + to + " is before " + FROM + " " + from);
        }
        LocalDate released = null;
        if (mode == Mode.RELEASE) {
            released = date(RELEASED_ON, cells[columns.get(RELEASED_ON)], problems);
            if (released != null && from != null && released.isBefore(from)) {
                problems.add(RELEASED_ON + " " + released + " is before " + FROM + " " + from);
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return ObservationEntry.newBuilder()
                .setPersonToken(token)
                .setKind(kind)
                .setVillageCode(village)
                .setFromDate(from)
                .setToDate(to)
                .setReleasedOn(released)
                .build();
    }

    private String person(String[] cells, Map<String, Integer> columns, List<String> problems) {
        if (columns.containsKey(PERSON_TOKEN)) {
            String token = cells[columns.get(PERSON_TOKEN)];
            if (!PersonTokens.isToken(token)) {
                problems.add(PERSON_TOKEN + " is not a person token (" + PersonTokens.LENGTH + " base64url characters)");
                return null;
            }
            return token;
        }
        String id = cells[columns.get(PERSON_ID)];
        if (id.isEmpty()) {
            problems.add(PERSON_ID + " is empty");
            return null;
        }
        try {
            return pseudonymizer.token(id);
        } catch (IllegalArgumentException e) {
            problems.add(PERSON_ID + ": " + e.getMessage()); // the pseudonymiser's messages never contain the id
            return null;
        }
    }

    private static ObservationKind kind(String value, List<String> problems) {
        return switch (value.toUpperCase(Locale.ROOT)) {
            case "HOME" -> ObservationKind.HOME;
            case "CENTRAL" -> ObservationKind.CENTRAL;
            default -> {
                problems.add(KIND + " must be HOME or CENTRAL, was '" + value + "'");
                yield null;
            }
        };
    }

    private static LocalDate date(String column, String value, List<String> problems) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(column + " must be a date like 2026-12-06, was '" + value + "'");
            return null;
        }
    }

    private static Map<String, Integer> header(String line, Mode mode, int number, List<String> problems) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        String[] names = line.split(",", -1);
        for (int i = 0; i < names.length; i++) {
            if (columns.putIfAbsent(names[i].trim(), i) != null) {
                problems.add("line " + number + ": column " + names[i].trim() + " twice");
            }
        }
        boolean byId = columns.containsKey(PERSON_ID);
        boolean byToken = columns.containsKey(PERSON_TOKEN);
        if (byId == byToken) {
            problems.add("line " + number + ": the header needs exactly one of " + PERSON_ID + " or " + PERSON_TOKEN);
        }
        List<String> required = new ArrayList<>(List.of(KIND, VILLAGE, FROM, TO));
        if (mode == Mode.RELEASE) {
            required.add(RELEASED_ON);
        }
        for (String name : required) {
            if (!columns.containsKey(name)) {
                problems.add("line " + number + ": the header has no " + name + " column (" + expectedHeader(mode) + ")");
            }
        }
        for (String name : columns.keySet()) {
            if (!name.equals(PERSON_ID) && !name.equals(PERSON_TOKEN) && !required.contains(name)) {
                problems.add("line " + number + ": unknown column " + name + " (" + expectedHeader(mode) + ")");
            }
        }
        return columns;
    }

    private static String expectedHeader(Mode mode) {
        return "personId|personToken,kind,villageCode,from,to" + (mode == Mode.RELEASE ? ",releasedOn" : "");
    }

    private static int firstContentLine(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank() && !lines.get(i).startsWith("#")) {
                return i;
            }
        }
        return -1;
    }
}

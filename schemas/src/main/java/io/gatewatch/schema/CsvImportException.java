package io.gatewatch.schema;

import java.util.List;

/** A CSV file refused as a whole ({@link CsvRows}): one line per problem, each naming its line number. */
public class CsvImportException extends IllegalArgumentException {
    private final List<String> problems;

    public CsvImportException(List<String> problems) {
        super("nothing imported: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

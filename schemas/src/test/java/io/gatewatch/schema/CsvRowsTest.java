package io.gatewatch.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowsTest {
    /** A row of the test files: a code and a number. */
    private record Row(String code, int number) {
        static Row of(List<String> fields) {
            if (fields.size() != 2) {
                throw new IllegalArgumentException("has " + fields.size() + " fields, the header 2");
            }
            return new Row(fields.get(0), Integer.parseInt(fields.get(1)));
        }
    }

    private static BufferedReader file(String text) {
        return new BufferedReader(new StringReader(text));
    }

    private static List<Row> rows(BufferedReader lines) throws IOException {
        return CsvRows.read(lines, Row::of, Row::code, "code", "row", CsvImportException::new);
    }

    @Test
    void shouldReadTheHeaderWithoutByteOrderMarkAndWhiteSpace() throws IOException {
        assertThat(CsvRows.header(file("\uFEFF code,number \n"))).isEqualTo("code,number");
        assertThat(CsvRows.header(file(""))).isEmpty();
    }

    @Test
    void shouldReturnTheRowsInFileOrderSkippingBlankLines() throws IOException {
        BufferedReader lines = file("code,number\nb,2\n\n  \na,1\n");
        CsvRows.header(lines);

        assertThat(rows(lines)).containsExactly(new Row("b", 2), new Row("a", 1));
    }

    @Test
    void shouldRefuseTheWholeFileNamingEveryBadLineAndEveryRepeat() {
        BufferedReader lines = file("code,number\na,1\nb\na,3\nc,x\n");

        CsvImportException refused = catchThrowableOfType(CsvImportException.class, () -> {
            CsvRows.header(lines);
            rows(lines);
        });

        assertThat(refused.problems()).containsExactly(
                "line 3: has 1 fields, the header 2",
                "line 4: field 'code' repeats the row of line 2",
                "line 5: For input string: \"x\"");
    }

    @Test
    void shouldStopAfterTwentyProblems() {
        BufferedReader lines = file("code,number\n" + "bad\n".repeat(30));

        CsvImportException refused = catchThrowableOfType(CsvImportException.class, () -> {
            CsvRows.header(lines);
            rows(lines);
        });

        assertThat(refused.problems()).hasSize(CsvRows.MAX_PROBLEMS + 1)
                .endsWith("(stopped after 20 problems)");
    }
}

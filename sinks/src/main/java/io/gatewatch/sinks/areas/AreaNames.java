package io.gatewatch.sinks.areas;

import io.gatewatch.schema.AreaCodes;
import io.gatewatch.schema.CsvImportException;
import io.gatewatch.schema.CsvRows;
import io.gatewatch.schema.TextPolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * The area gazetteer ({@code area_name}): names of statistical divisions read from a CSV
 * ({@code code,name} or {@code code,name,nameEn}; codes of 2, 4, 6, 9 or 12 digits) and written in
 * one database transaction, all or nothing: any bad line refuses the file, every bad line named.
 * Re-importing a file rewrites the same rows.
 */
public final class AreaNames {
    /** A division's names; {@code nameEn} may be null. */
    public record AreaName(String code, String name, String nameEn) {
        /** As published on {@code gatewatch.areas}. */
        public io.gatewatch.schema.AreaName toRecord() {
            return new io.gatewatch.schema.AreaName(code, name, nameEn);
        }
    }

    /** Longest name accepted, in characters. */
    public static final int NAME_MAX_LENGTH = 128;
    static final String UPSERT = "INSERT INTO area_name (code, name, name_en, updated_at) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, name_en = EXCLUDED.name_en, updated_at = EXCLUDED.updated_at "
            + "WHERE (area_name.name, area_name.name_en) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.name_en)";

    static final String INSERT_MISSING = "INSERT INTO area_name (code, name, name_en, updated_at) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (code) DO NOTHING";

    private AreaNames() {}

    /** The names of a CSV file with the header {@code code,name} or {@code code,name,nameEn}. */
    public static List<AreaName> read(Reader csv) throws IOException {
        BufferedReader lines = new BufferedReader(csv);
        String fields = CsvRows.header(lines);
        if (!fields.equals("code,name") && !fields.equals("code,name,nameEn")) {
            throw new AreaImportException(List.of("line 1: the header must be code,name or code,name,nameEn"));
        }
        return CsvRows.read(lines, AreaNames::area, AreaName::code, "code", "area", AreaImportException::new);
    }

    private static AreaName area(List<String> fields) {
        if (fields.size() < 2 || fields.size() > 3) {
            throw new IllegalArgumentException("has " + fields.size() + " fields, expected 2 or 3");
        }
        String code = fields.get(0).strip();
        if (!AreaCodes.isDivisionCode(code)) {
            throw new IllegalArgumentException("field 'code' is not a 2, 4, 6, 9 or 12-digit division code");
        }
        String name = text(fields.get(1), "name");
        if (name == null) {
            throw new IllegalArgumentException("field 'name' is missing");
        }
        return new AreaName(code, name, fields.size() == 3 ? text(fields.get(2), "nameEn") : null);
    }

    private static String text(String value, String field) {
        String text = value.strip();
        TextPolicy.violation(text, NAME_MAX_LENGTH).ifPresent(v -> {
            throw new IllegalArgumentException("field '" + field + "' " + v);
        });
        return text.isEmpty() ? null : text;
    }

    /** Writes {@code names} in one transaction; returns how many rows were new or changed. */
    public static int write(DataSource database, List<AreaName> names, Instant now) throws SQLException {
        return write(database, UPSERT, names, now);
    }

    /** Writes those of {@code names} whose code has no name yet, in one transaction; returns how many. */
    public static int writeMissing(DataSource database, List<AreaName> names, Instant now) throws SQLException {
        return write(database, INSERT_MISSING, names, now);
    }

    private static int write(DataSource database, String sql, List<AreaName> names, Instant now) throws SQLException {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement upsert = connection.prepareStatement(sql)) {
                for (AreaName name : names) {
                    upsert.setString(1, name.code());
                    upsert.setString(2, name.name());
                    upsert.setString(3, name.nameEn());
                    upsert.setTimestamp(4, Timestamp.from(now));
                    upsert.addBatch();
                }
                int changed = 0;
                for (int count : upsert.executeBatch()) {
                    changed += Math.max(count, 0);
                }
                connection.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** An area file refused as a whole: one line per problem, each naming its line number. */
    public static final class AreaImportException extends CsvImportException {
        public AreaImportException(List<String> problems) {
            super(problems);
        }
    }
}

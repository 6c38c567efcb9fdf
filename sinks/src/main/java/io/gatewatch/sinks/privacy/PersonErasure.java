package io.gatewatch.sinks.privacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Erases one person from the sink's database (issue 18, {@code gatewatch erase}): deletes every row
 * holding their person token from each table in {@link #PERSON_TABLES}, and records in
 * {@code erasure_audit} when it happened and how many rows each table lost, never the token. All in
 * one transaction: either every row is gone and the audit says so, or nothing changed.
 *
 * <p>What Kafka still holds (topics, Streams stores) is not the database's to erase; it ages out
 * under the topics' {@code retention.ms} (docs/PRIVACY.md).
 */
public final class PersonErasure {
    /** Every table with a {@code person_token} column; {@code PersonErasureIT} checks the schema against it. */
    public static final List<String> PERSON_TABLES = List.of("alert", "observation");

    private final DataSource dataSource;

    public PersonErasure(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What one erasure did: rows deleted per table, and the audit row written. */
    public record Result(long auditId, Instant erasedAt, Map<String, Long> deletedRows) {
        public long totalRows() {
            return deletedRows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Deletes the rows of {@code personToken} and writes the audit row.
     *
     * @param reference the operator's request number for the audit (may be null; must not name the person)
     */
    public Result erase(String personToken, String reference) throws SQLException {
        Objects.requireNonNull(personToken, "personToken");
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Map<String, Long> deleted = new LinkedHashMap<>();
                for (String table : PERSON_TABLES) {
                    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE person_token = ?")) {
                        delete.setString(1, personToken);
                        deleted.put(table, (long) delete.executeUpdate());
                    }
                }
                Result result = audit(connection, deleted, reference);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static Result audit(Connection connection, Map<String, Long> deleted, String reference) throws SQLException {
        StringBuilder json = new StringBuilder("{");
        deleted.forEach((table, rows) -> json.append(json.length() > 1 ? ", " : "").append('"').append(table).append("\": ").append(rows));
        json.append('}');
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO erasure_audit (reference, deleted_rows) VALUES (?, ?::jsonb) RETURNING id, erased_at")) {
            insert.setString(1, reference);
            insert.setString(2, json.toString());
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return new Result(row.getLong(1), row.getTimestamp(2).toInstant(), Map.copyOf(deleted));
            }
        }
    }
}

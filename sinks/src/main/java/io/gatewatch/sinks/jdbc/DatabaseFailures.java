package io.gatewatch.sinks.jdbc;

import io.gatewatch.sinks.poison.PoisonReason;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Tells a database failure caused by a record's content from one that is the database's: only the
 * former may set a record aside ({@link BatchWriter} isolates it); the latter is retried and, when
 * the retries are spent, stops the sink in FAILED.
 *
 * <table>
 *   <caption>SQLSTATE classes</caption>
 *   <tr><th>class</th><th>meaning</th><th>verdict</th></tr>
 *   <tr><td>22</td><td>data exception (bad encoding, value out of range…)</td><td>the record's: {@link PoisonReason#DATA_EXCEPTION}</td></tr>
 *   <tr><td>54</td><td>program limit exceeded (e.g. an index row too large for its value)</td><td>the record's: {@link PoisonReason#DATA_EXCEPTION}</td></tr>
 *   <tr><td>23</td><td>integrity constraint violation</td><td>the record's: {@link PoisonReason#CONSTRAINT_VIOLATION}</td></tr>
 *   <tr><td>08, 40, 53, 57, 58</td><td>connection, serialization failure/deadlock, resources, operator intervention/timeouts, system</td><td>transient</td></tr>
 *   <tr><td>other or none</td><td>e.g. 42 (a missing table or privilege): nothing a record can cause</td><td>the database's</td></tr>
 * </table>
 * A row the driver cannot even bind ({@link UnbindableRowException}) is the record's too
 * ({@link PoisonReason#MAPPING_ERROR}).
 */
final class DatabaseFailures {
    private DatabaseFailures() {}

    /** The reason to set the record aside when {@code failure} is caused by its content, else null. */
    static PoisonReason recordCaused(SQLException failure) {
        if (failure instanceof UnbindableRowException) {
            return PoisonReason.MAPPING_ERROR;
        }
        SQLException cause = mostSpecific(failure);
        if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
            return null;
        }
        String state = cause.getSQLState();
        if (state == null || state.length() < 2) {
            return null;
        }
        return switch (state.substring(0, 2)) {
            case "22", "54" -> PoisonReason.DATA_EXCEPTION;
            case "23" -> PoisonReason.CONSTRAINT_VIOLATION;
            default -> null;
        };
    }

    /**
     * A redacted description of {@code failure} for a dead letter: the table, the SQLSTATE and the
     * server's primary message cut before its first {@code ": "}, after which PostgreSQL quotes the
     * offending value ({@code invalid input syntax for type integer: "…"}). Details ("Failing row
     * contains …") and the statement's parameters are never included.
     */
    static String describe(SQLException failure, String table) {
        if (failure instanceof UnbindableRowException) {
            return table + ": " + failure.getMessage();
        }
        SQLException cause = mostSpecific(failure);
        String message = cause instanceof PSQLException psql && psql.getServerErrorMessage() != null
                ? primary(psql.getServerErrorMessage())
                : cause.getClass().getSimpleName();
        int cut = message.indexOf(": ");
        return table + ": SQLSTATE " + cause.getSQLState() + " " + (cut < 0 ? message : message.substring(0, cut));
    }

    private static String primary(ServerErrorMessage message) {
        return message.getMessage() == null ? "" : message.getMessage();
    }

    /** The failure that names the cause: for a failed batch, the statement's error behind it. */
    private static SQLException mostSpecific(SQLException failure) {
        SQLException current = failure;
        for (int depth = 0; depth < 10; depth++) {
            SQLException next = current.getNextException();
            if (next == null && current.getCause() instanceof SQLException cause && cause != current) {
                next = cause;
            }
            if (next == null || (current.getSQLState() != null && current instanceof PSQLException)) {
                return current;
            }
            current = next;
        }
        return current;
    }

    /** The driver could not bind a row's values (a runtime error inside a statement's parameters): the record's fault. */
    static final class UnbindableRowException extends SQLException {
        UnbindableRowException(RuntimeException cause) {
            super(cause.getClass().getSimpleName() + " binding a row", cause);
        }
    }
}

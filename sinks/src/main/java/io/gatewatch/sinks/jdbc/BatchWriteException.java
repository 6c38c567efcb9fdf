package io.gatewatch.sinks.jdbc;

import java.sql.SQLException;

/** A batch's transaction failed and was rolled back; {@link #table()} says what it was writing. */
final class BatchWriteException extends Exception {
    /** Table tag when no connection could be had. */
    public static final String CONNECTION = "connection";
    /** Table tag when the commit itself failed. */
    public static final String COMMIT = "commit";
    /** Table tag when the schema migration failed. */
    public static final String SCHEMA = "schema";

    private final String table;

    public BatchWriteException(String table, SQLException cause) {
        super("database write failed at " + table + ": " + cause.getMessage(), cause);
        this.table = table;
    }

    public String table() {
        return table;
    }
}

package io.gatewatch.sinks.jdbc;

/**
 * Named points in a batch's life where a crash is most dangerous, for {@link FaultHook}s in tests
 * that prove a restart neither loses nor duplicates rows.
 */
enum FaultPoint {
    /** Rows and offsets written inside the transaction, which is not committed yet. */
    AFTER_DB_WRITE_BEFORE_DB_COMMIT,
    /** The transaction (rows + offsets) is committed; the informational Kafka commit has not happened. */
    AFTER_DB_COMMIT_BEFORE_KAFKA_COMMIT
}

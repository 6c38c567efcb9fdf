package io.gatewatch.sinks.jdbc;

/** Life cycle of a sink instance, as its health check reports it. */
public enum SinkState {
    /** Created or migrating the schema; not consuming yet. */
    STARTING,
    /** Consuming and committing. */
    RUNNING,
    /** The last database attempt failed; retrying within the budget. */
    RETRYING,
    /** Retries exhausted or an unexpected error: stopped, nothing committed past the last good batch. */
    FAILED,
    /** Closed on request. */
    STOPPED
}

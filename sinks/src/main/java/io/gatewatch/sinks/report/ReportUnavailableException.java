package io.gatewatch.sinks.report;

/** The stored figures could not be read (database unreachable, schema missing): no report, no guess. */
final class ReportUnavailableException extends RuntimeException {
    public ReportUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

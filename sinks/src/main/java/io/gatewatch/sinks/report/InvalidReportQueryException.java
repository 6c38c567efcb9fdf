package io.gatewatch.sinks.report;

/** A report was asked for with a parameter that cannot be used; {@link #parameter()} names it. */
public final class InvalidReportQueryException extends IllegalArgumentException {
    private final String parameter;

    public InvalidReportQueryException(String parameter, String message) {
        super("Bad parameter '" + parameter + "': " + message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}

package io.gatewatch.sinks.report;

/** A report was asked for with a parameter that cannot be used; {@link #parameter()} names it. */
public final class InvalidReportQueryException extends IllegalArgumentException {
    private final String parameter;
    private final String reason;

    public InvalidReportQueryException(String parameter, String reason) {
        super("Bad parameter '" + parameter + "': " + reason);
        this.parameter = parameter;
        this.reason = reason;
    }

    public String parameter() {
        return parameter;
    }

    /** What is wrong, without the parameter's name: each channel names it its own way ({@code date=} over HTTP, {@code --date} in the CLI). */
    public String reason() {
        return reason;
    }
}

package io.gatewatch.producers.json;

import java.util.Objects;

/**
 * One reason a JSON scan payload was refused: the field's path ({@code temperature.unit},
 * {@code $} for the document itself) and what is wrong with it. Messages describe the rule, never
 * the offending value, so an error can be logged, returned or put in a header without leaking
 * personal data (a raw identity number sent in the wrong field stays out of every error).
 */
public record FieldError(String field, String message) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** The same error for a field inside an item of a batch: {@code [3].temperature.unit}. */
    public FieldError inItem(int index) {
        return new FieldError("[" + index + "]" + ("$".equals(field) ? "" : "." + field), message);
    }

    @Override
    public String toString() {
        return "field '" + field + "': " + message;
    }
}

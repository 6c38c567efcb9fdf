package io.gatewatch.producers.json;

import io.gatewatch.schema.RejectReason;
import java.util.ArrayList;
import java.util.List;

/**
 * The errors of one payload while it is checked, bounded: the first {@link #MAX_KEPT} are kept,
 * the rest only counted, so a hostile document of 85,000 unknown fields costs a counter, not an
 * 85,000-line answer. Remembers whether any error was a text-policy one, which decides the reason.
 */
final class FieldErrors {
    /** Errors kept per payload (and per batch); the rest are counted. */
    static final int MAX_KEPT = 20;

    private final List<FieldError> kept = new ArrayList<>();
    private int total;
    private boolean text;

    void add(String field, String message) {
        total++;
        if (kept.size() < MAX_KEPT) {
            kept.add(new FieldError(field, message));
        }
    }

    /** An error under the text policy ({@code invalid_text}). */
    void text(String field, String message) {
        text = true;
        add(field, message);
    }

    int total() {
        return total;
    }

    boolean isEmpty() {
        return total == 0;
    }

    List<FieldError> kept() {
        return kept;
    }

    RejectReason reason() {
        return text ? RejectReason.INVALID_TEXT : RejectReason.INVALID_FIELD;
    }
}

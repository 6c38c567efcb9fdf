package io.gatewatch.producers.json;

import io.gatewatch.schema.RejectReason;
import io.gatewatch.schema.ScanEvent;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome of a batch (a JSON array of scan payloads), all or nothing: either every item
 * converted, or the batch is refused with the errors of every bad item. A refused batch carries
 * no events at all, so a caller cannot half-write it.
 */
public sealed interface BatchConversion {

    /** Every item converted, in the order of the array. */
    record Accepted(List<ScanEvent> events) implements BatchConversion {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    /**
     * The batch refused. {@code errors} lists the first bad items' errors (item index and field; at
     * most {@link FieldErrors#MAX_KEPT} in all), or document-level errors (item -1) when the body is
     * not an array at all; {@code totalErrors} counts every error found and {@code badItems} every
     * item with at least one.
     */
    record Rejected(RejectReason reason, List<ItemError> errors, int items, int totalErrors, int badItems)
            implements BatchConversion {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            errors = List.copyOf(errors);
            totalErrors = Math.max(totalErrors, errors.size());
        }

        /** A refusal of the document itself (not an array, too long, malformed). */
        public Rejected(RejectReason reason, List<ItemError> errors, int items) {
            this(reason, errors, items, errors.size(), 0);
        }

        /** Errors found but not listed. */
        public int moreErrors() {
            return totalErrors - errors.size();
        }

        public String message() {
            String listed = errors.stream().map(ItemError::toString).collect(Collectors.joining("; "));
            return moreErrors() > 0 ? listed + "; and " + moreErrors() + " more" : listed;
        }
    }

    /** One field error within item {@code item} (-1: the document itself). */
    record ItemError(int item, FieldError error) {
        @Override
        public String toString() {
            return item < 0 ? error.toString() : "item " + item + ": " + error;
        }
    }
}

package io.gatewatch.producers.json;

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
     * The batch refused. {@code errors} lists every bad item's errors (item index and field), or
     * document-level errors (item -1) when the body is not an array at all.
     */
    record Rejected(RejectReason reason, List<ItemError> errors, int items) implements BatchConversion {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            errors = List.copyOf(errors);
        }

        /** Distinct items with at least one error. */
        public long badItems() {
            return errors.stream().filter(e -> e.item() >= 0).map(ItemError::item).distinct().count();
        }

        public String message() {
            return errors.stream().map(ItemError::toString).collect(Collectors.joining("; "));
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

package io.gatewatch.producers.json;

import io.gatewatch.schema.ScanEvent;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** The outcome of turning one JSON payload into a {@link ScanEvent}: accepted, or refused with every reason. */
public sealed interface Conversion {

    /** A payload that passed validation, converted (raw identities already pseudonymised). */
    record Accepted(ScanEvent event) implements Conversion {
        public Accepted {
            Objects.requireNonNull(event, "event");
        }
    }

    /** A refused payload: a stable reason code and at least one error naming a field. */
    record Rejected(RejectReason reason, List<FieldError> errors) implements Conversion {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("a rejection needs at least one error");
            }
        }

        /** All errors in one line, e.g. {@code field 'temperature.unit': must be one of C, F}. */
        public String message() {
            return errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
        }
    }
}

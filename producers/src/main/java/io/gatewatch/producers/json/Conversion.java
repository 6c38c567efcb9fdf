package io.gatewatch.producers.json;

import io.gatewatch.schema.RejectReason;
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

    /**
     * A refused payload: a stable reason code and the first errors (at most
     * {@link FieldErrors#MAX_KEPT}), each naming a field, of {@code totalErrors} found.
     */
    record Rejected(RejectReason reason, List<FieldError> errors, int totalErrors) implements Conversion {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("a rejection needs at least one error");
            }
            totalErrors = Math.max(totalErrors, errors.size());
        }

        /** A rejection whose every error is listed. */
        public Rejected(RejectReason reason, List<FieldError> errors) {
            this(reason, errors, errors.size());
        }

        /** Errors found but not listed. */
        public int moreErrors() {
            return totalErrors - errors.size();
        }

        /**
         * The listed errors in one line, e.g. {@code field 'temperature.unit': must be one of C, F},
         * ending {@code ; and 7 more} when some were not listed.
         */
        public String message() {
            String listed = errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
            return moreErrors() > 0 ? listed + "; and " + moreErrors() + " more" : listed;
        }
    }
}

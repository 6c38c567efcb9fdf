package io.gatewatch.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The record's writer schema could not be fetched because the schema registry did not answer (no
 * response, a timeout, or a 408/429/5xx status) — a fault of the infrastructure, not of the record.
 * Consumers must not dead-letter on it: the same bytes decode once the registry is back. A
 * {@link SerializationException} so callers that only know that type still see a failure; GateWatch's
 * dead-letter paths test for this subtype first and stop or retry instead (nothing is set aside).
 */
public final class RegistryUnavailableException extends SerializationException {
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code e} or one of its causes is this exception. */
    public static boolean isCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }
}

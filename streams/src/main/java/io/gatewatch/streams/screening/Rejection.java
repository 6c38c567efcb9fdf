package io.gatewatch.streams.screening;

import io.gatewatch.schema.RejectReason;
import java.util.Objects;

/**
 * Why a scan was refused: a stable reason and a message that names fields, never their values
 * (the message travels in a header of the rejected topic).
 */
public record Rejection(RejectReason reason, String message) {
    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}

package io.gatewatch.producers.json;

/**
 * Header names on records that the ingest channels write to {@code gatewatch.scans.rejected}.
 * Values are UTF-8 strings. They never carry payload values, so never personal data.
 */
public final class RejectHeaders {
    private RejectHeaders() {}

    /** Where the payload came from: the MQTT topic it was published on. */
    public static final String SOURCE = "source";
    /** The ingest channel: {@code mqtt} or {@code http}. */
    public static final String CHANNEL = "channel";
    /** Stable reason code ({@link RejectReason#code()}). */
    public static final String REASON = "reason";
    /** Human-readable errors, each naming its field. */
    public static final String MESSAGE = "message";
    /** Present when identity fields were redacted or the payload dropped ({@link RejectedPayloads}). */
    public static final String REDACTED = "redacted";
    /** When the channel received the payload, ISO-8601 UTC. */
    public static final String RECEIVED_AT = "received.at";
}

package io.gatewatch.producers.json;

import io.gatewatch.schema.RejectReason;
import io.gatewatch.schema.RejectedRecordHeaders;

/**
 * The {@link RejectedRecordHeaders} the ingest channels set on {@code gatewatch.scans.rejected}.
 * Values are UTF-8 strings. They never carry payload values, so never personal data.
 */
public final class RejectHeaders {
    private RejectHeaders() {}

    /** Where the payload came from: the MQTT topic it was published on. */
    public static final String SOURCE = RejectedRecordHeaders.SOURCE_TOPIC;
    /** The ingest channel: {@code mqtt} or {@code http}. */
    public static final String CHANNEL = RejectedRecordHeaders.CHANNEL;
    /** Stable reason code ({@link RejectReason#code()}). */
    public static final String REASON = RejectedRecordHeaders.REASON;
    /** Human-readable errors, each naming its field. */
    public static final String MESSAGE = RejectedRecordHeaders.MESSAGE;
    /** Present when identity fields were redacted or the payload dropped ({@link RejectedPayloads}). */
    public static final String REDACTED = RejectedRecordHeaders.REDACTED;
    /** Which component refused it: {@link #BY_MQTT_BRIDGE} or {@link #BY_HTTP_INGEST}. */
    public static final String REJECTED_BY = RejectedRecordHeaders.REJECTED_BY;
    /** {@link #REJECTED_BY} value of the MQTT bridge. */
    public static final String BY_MQTT_BRIDGE = "mqtt-bridge";
    /** {@link #REJECTED_BY} value of the HTTP ingest. */
    public static final String BY_HTTP_INGEST = "ingest-http";

    /** The {@link #REJECTED_BY} value of a channel ({@code mqtt} or {@code http}). */
    public static String rejectedBy(String channel) {
        return "http".equals(channel) ? BY_HTTP_INGEST : BY_MQTT_BRIDGE;
    }

    /** When the channel received the payload, ISO-8601 UTC. */
    public static final String RECEIVED_AT = RejectedRecordHeaders.RECEIVED_AT;
}

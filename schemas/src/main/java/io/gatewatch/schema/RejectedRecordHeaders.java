package io.gatewatch.schema;

/**
 * Header names on {@link Topics#SCANS_REJECTED} records: a contract between every component that
 * refuses input (screening, the ingest channels, sinks) and whoever reads the dead letters
 * (the sink's rejected-scan summaries, operators with kcat). Values are UTF-8 strings and never
 * carry payload values, so never personal data.
 */
public final class RejectedRecordHeaders {
    private RejectedRecordHeaders() {}

    /** Stable, lower-case reason code (e.g. {@code unknown_device}, {@code malformed_json}). */
    public static final String REASON = "gatewatch.reject.reason";
    /** Human-readable explanation, naming the offending field where there is one. */
    public static final String MESSAGE = "gatewatch.reject.message";
    /** Component that refused the record: {@code screening}, {@code ingest-http}, {@code mqtt-bridge}, {@code sink}. */
    public static final String REJECTED_BY = "gatewatch.reject.by";
    /** Channel the record arrived on: {@code kafka}, {@code mqtt} or {@code http}. */
    public static final String CHANNEL = "gatewatch.source.channel";
    /** Where the record came from: the Kafka topic, or the MQTT topic it was published on. */
    public static final String SOURCE_TOPIC = "gatewatch.source.topic";
    /** Kafka partition of the original record (Kafka channel only). */
    public static final String SOURCE_PARTITION = "gatewatch.source.partition";
    /** Kafka offset of the original record (Kafka channel only). */
    public static final String SOURCE_OFFSET = "gatewatch.source.offset";
    /** When the refusing component received the record, ISO-8601 UTC. */
    public static final String RECEIVED_AT = "gatewatch.received.at";
    /** Present when identity fields were redacted or the payload dropped before dead-lettering. */
    public static final String REDACTED = "gatewatch.reject.redacted";
}

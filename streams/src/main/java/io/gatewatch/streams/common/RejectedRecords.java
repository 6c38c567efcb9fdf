package io.gatewatch.streams.common;

import io.gatewatch.schema.RejectReason;
import io.gatewatch.schema.RejectedRecordHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the {@link RejectedRecordHeaders} that every streams component puts on a record it
 * refuses, so the dead letters of the screening topology and of the deserialization handler read
 * the same way as those of the ingest channels.
 *
 * <p>Guarantees: the original record's own headers are kept (minus any earlier rejection headers,
 * so a record refused twice does not carry two reasons); values are UTF-8; messages are capped at
 * {@value #MAX_MESSAGE_LENGTH} characters. Callers must pass messages that name fields, never
 * field values: headers are readable by anyone with access to the rejected topic.
 */
public final class RejectedRecords {
    /** {@link RejectedRecordHeaders#REJECTED_BY} value of the screening topology. */
    public static final String REJECTED_BY_SCREENING = "screening";
    /** {@link RejectedRecordHeaders#CHANNEL} value for records that arrived on Kafka. */
    public static final String CHANNEL_KAFKA = "kafka";
    /** Reason code for bytes that the source serdes could not read ({@link RejectReason#UNDESERIALIZABLE}). */
    public static final String UNDESERIALIZABLE = RejectReason.UNDESERIALIZABLE.code();
    /** Longest message kept in the header; exception texts can be long. */
    public static final int MAX_MESSAGE_LENGTH = 500;

    private RejectedRecords() {}

    /**
     * Headers for a refused Kafka record.
     *
     * @param original the refused record's own headers (copied, not modified), may be null
     */
    public static Headers headers(Headers original, String rejectedBy, String sourceTopic, int sourcePartition,
                                  long sourceOffset, String reasonCode, String message, Instant receivedAt) {
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            original.forEach(header -> {
                if (!isRejectionHeader(header.key())) {
                    headers.add(header);
                }
            });
        }
        add(headers, RejectedRecordHeaders.REASON, reasonCode);
        add(headers, RejectedRecordHeaders.MESSAGE, truncate(message));
        add(headers, RejectedRecordHeaders.REJECTED_BY, rejectedBy);
        add(headers, RejectedRecordHeaders.CHANNEL, CHANNEL_KAFKA);
        add(headers, RejectedRecordHeaders.SOURCE_TOPIC, sourceTopic);
        add(headers, RejectedRecordHeaders.SOURCE_PARTITION, Integer.toString(sourcePartition));
        add(headers, RejectedRecordHeaders.SOURCE_OFFSET, Long.toString(sourceOffset));
        add(headers, RejectedRecordHeaders.RECEIVED_AT, receivedAt.toString());
        return headers;
    }

    /** The UTF-8 value of the last header named {@code key}, or null. */
    public static String value(Headers headers, String key) {
        var header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static boolean isRejectionHeader(String key) {
        return key.equals(RejectedRecordHeaders.REASON) || key.equals(RejectedRecordHeaders.MESSAGE)
                || key.equals(RejectedRecordHeaders.REJECTED_BY) || key.equals(RejectedRecordHeaders.CHANNEL)
                || key.equals(RejectedRecordHeaders.SOURCE_TOPIC) || key.equals(RejectedRecordHeaders.SOURCE_PARTITION)
                || key.equals(RejectedRecordHeaders.SOURCE_OFFSET) || key.equals(RejectedRecordHeaders.RECEIVED_AT);
    }

    private static void add(Headers headers, String key, String value) {
        headers.add(key, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
    }
}

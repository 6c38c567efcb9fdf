package io.gatewatch.sinks.jdbc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Header names the sink reads on {@code gatewatch.scans.rejected}. The GateWatch names come first;
 * for each field a few aliases written by other producers are accepted too (the ingest channels'
 * short names, and Kafka Streams' built-in dead-letter headers of KIP-1034), so a record routed by
 * any of them is summarised under its real reason instead of {@code UNKNOWN}.
 *
 * <p>Values are UTF-8 strings; partition and offset may also be 4- or 8-byte big-endian numbers.
 */
public final class RejectHeaders {
    private RejectHeaders() {}

    /** Stable reason code (low cardinality), e.g. {@code MISSING_FIELD}. */
    public static final String REASON = "gatewatch.reject.reason";
    /** Human-readable explanation naming fields, never their values. */
    public static final String MESSAGE = "gatewatch.reject.message";
    /** Topic the refused record was read from. */
    public static final String SOURCE_TOPIC = "gatewatch.source.topic";
    /** Partition the refused record was read from. */
    public static final String SOURCE_PARTITION = "gatewatch.source.partition";
    /** Offset the refused record was read at. */
    public static final String SOURCE_OFFSET = "gatewatch.source.offset";

    static final List<String> REASON_NAMES = List.of(REASON, "reason", "__streams.errors.exception");
    static final List<String> MESSAGE_NAMES = List.of(MESSAGE, "message", "__streams.errors.message");
    static final List<String> SOURCE_TOPIC_NAMES = List.of(SOURCE_TOPIC, "source", "__streams.errors.topic");
    static final List<String> SOURCE_PARTITION_NAMES = List.of(SOURCE_PARTITION, "__streams.errors.partition");
    static final List<String> SOURCE_OFFSET_NAMES = List.of(SOURCE_OFFSET, "__streams.errors.offset");

    /** The first present header among {@code names} as a string, or null. */
    static String text(Headers headers, List<String> names) {
        byte[] value = first(headers, names);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** The first present header among {@code names} as a number, or null when absent or unreadable. */
    static Long number(Headers headers, List<String> names) {
        byte[] value = first(headers, names);
        if (value == null) {
            return null;
        }
        String text = new String(value, StandardCharsets.UTF_8).trim();
        if (!text.isEmpty() && text.chars().allMatch(c -> Character.isDigit(c) || c == '-')) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (value.length == Integer.BYTES) {
            return (long) ByteBuffer.wrap(value).getInt();
        }
        if (value.length == Long.BYTES) {
            return ByteBuffer.wrap(value).getLong();
        }
        return null;
    }

    private static byte[] first(Headers headers, List<String> names) {
        for (String name : names) {
            Header header = headers.lastHeader(name);
            if (header != null && header.value() != null) {
                return header.value();
            }
        }
        return null;
    }
}

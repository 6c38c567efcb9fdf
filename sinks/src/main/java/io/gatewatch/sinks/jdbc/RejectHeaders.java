package io.gatewatch.sinks.jdbc;

import io.gatewatch.schema.RejectedRecordHeaders;
import io.gatewatch.schema.TextPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * How the sink reads the dead-letter headers on {@code gatewatch.scans.rejected}: the shared
 * contract {@link RejectedRecordHeaders} first, then, for records dead-lettered by Kafka Streams'
 * built-in handler (KIP-1034), its {@code __streams.errors.*} headers, so such a record is still
 * summarised under a reason (the exception class) instead of {@code UNKNOWN}.
 *
 * <p>Values are UTF-8 strings; partition and offset may also be 4- or 8-byte big-endian numbers.
 */
final class RejectHeaders {
    private RejectHeaders() {}

    static final List<String> REASON_NAMES = List.of(RejectedRecordHeaders.REASON, "__streams.errors.exception");
    static final List<String> MESSAGE_NAMES = List.of(RejectedRecordHeaders.MESSAGE, "__streams.errors.message");
    static final List<String> SOURCE_TOPIC_NAMES = List.of(RejectedRecordHeaders.SOURCE_TOPIC, "__streams.errors.topic");
    static final List<String> SOURCE_PARTITION_NAMES = List.of(RejectedRecordHeaders.SOURCE_PARTITION, "__streams.errors.partition");
    static final List<String> SOURCE_OFFSET_NAMES = List.of(RejectedRecordHeaders.SOURCE_OFFSET, "__streams.errors.offset");

    /**
     * The first present header among {@code names} as a string, or null. Strict UTF-8: a header
     * that is not is refused ({@link CharacterCodingException}) rather than stored with U+FFFD in
     * place of its bytes.
     */
    static String text(Headers headers, List<String> names) throws CharacterCodingException {
        byte[] value = first(headers, names);
        return value == null ? null : TextPolicy.decodeUtf8(value, 0, value.length);
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

package io.gatewatch.sinks.jdbc;

import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.serde.AvroDeserializer;
import io.gatewatch.sinks.poison.Decoded;
import io.gatewatch.sinks.poison.Poison;
import io.gatewatch.sinks.poison.PoisonReason;
import io.gatewatch.sinks.poison.StorableValues;
import java.nio.charset.CharacterCodingException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Turns a raw Kafka record into the row the sink stores for it. Never throws for bad data: a
 * record that cannot be decoded ({@link PoisonReason#UNDESERIALIZABLE}), that breaks its topic's
 * contract (a tombstone on an alert topic, a count without its key:
 * {@link PoisonReason#CONTRACT_VIOLATION}), or that holds a value the database cannot store as it
 * is ({@link StorableValues}) becomes a {@link DeadLetterRow} naming the reason, so a poison record
 * is routed, counted and skipped in the same transaction as its offset, never silently altered or
 * dropped and never blocking the partition.
 */
final class SinkRecordMapper {
    private final SchemaRegistryClient registry;
    private final Map<Class<?>, AvroDeserializer<?>> deserializers = new HashMap<>();
    private final Map<String, TableWriter<?, ?>> byTopic = new HashMap<>();

    SinkRecordMapper(SchemaRegistryClient registry) {
        this.registry = registry;
        for (TableWriter<?, ?> writer : TableWriters.ALL) {
            writer.topics().forEach(topic -> {
                TableWriter<?, ?> before = byTopic.putIfAbsent(topic, writer);
                if (before != null) {
                    throw new IllegalStateException("topic " + topic + " mapped by both " + before.table() + " and " + writer.table());
                }
            });
        }
    }

    /** The row for {@code record}; a {@link DeadLetterRow} when it cannot be stored as data. */
    SinkRow map(ConsumerRecord<byte[], byte[]> record) {
        TableWriter<?, ?> writer = byTopic.get(record.topic());
        if (writer == null) {
            return deadLetter(record, PoisonReason.CONTRACT_VIOLATION, "no table for topic " + record.topic());
        }
        try {
            return writer.map(record, this);
        } catch (PoisonException e) {
            return DeadLetterRow.of(RecordSource.of(record), e.poison);
        } catch (RuntimeException e) {
            // A contract breach the decoder let through (a null where a value is required), or a bug.
            return deadLetter(record, PoisonReason.MAPPING_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Decodes {@code bytes} (null: a null datum), refusing undecodable bytes and a datum that
     * cannot be stored as it is by throwing the poison the mapper turns into a dead letter.
     */
    @SuppressWarnings("unchecked")
    <T> T decode(Class<T> type, String topic, byte[] bytes) {
        AvroDeserializer<T> deserializer = (AvroDeserializer<T>) deserializers.computeIfAbsent(type,
                t -> new AvroDeserializer<>(registry, t));
        return decode(deserializer, topic, bytes);
    }

    /** Decodes, refusing undecodable bytes and a datum that cannot be stored as it is. */
    private static <T> T decode(AvroDeserializer<T> deserializer, String topic, byte[] bytes) {
        Decoded<T> decoded = Decoded.of(deserializer, topic, bytes);
        if (decoded.isPoison()) {
            throw new PoisonException(decoded.poison());
        }
        return decoded.value();
    }

    /** A header's text, refused as poison when it is not strict UTF-8 or cannot be stored. */
    static String header(Headers headers, List<String> names) {
        String text;
        try {
            text = RejectHeaders.text(headers, names);
        } catch (CharacterCodingException e) {
            throw new PoisonException(Poison.of(PoisonReason.INVALID_TEXT, "header " + names.get(0) + " is not strict UTF-8"));
        }
        StorableValues.textViolation("header " + names.get(0), text).ifPresent(poison -> {
            throw new PoisonException(poison);
        });
        return text;
    }

    static DeadLetterRow deadLetter(ConsumerRecord<byte[], byte[]> record, PoisonReason reason, String error) {
        return DeadLetterRow.of(RecordSource.of(record), Poison.of(reason, error));
    }

    static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        // Never cut a surrogate pair in two: half a pair cannot be stored as it is.
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }

    /** A record found to be poison while mapping; cheap: no stack trace. */
    private static final class PoisonException extends RuntimeException {
        private final transient Poison poison;

        PoisonException(Poison poison) {
            super(poison.message(), null, false, false);
            this.poison = poison;
        }
    }
}

package io.gatewatch.serde.codec;

import org.apache.kafka.common.errors.SerializationException;

/** Bytes that are not a valid Avro encoding of the record a hand-written codec reads. */
public final class MalformedAvroException extends SerializationException {
    private static final long serialVersionUID = 1L;

    public MalformedAvroException(String message) {
        super(message);
    }
}

package io.gatewatch.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record larger than {@value AvroSerdeConfig#MAX_RECORD_BYTES} was refused without being decoded.
 * A {@link SerializationException} like every other refusal of {@link AvroDeserializer}, so every
 * consumer's existing dead-letter path routes it; dead-letter handlers that know this type report
 * the more precise reason {@link io.gatewatch.schema.RejectReason#RECORD_TOO_LARGE}.
 */
public class OversizedRecordException extends SerializationException {
    public OversizedRecordException(String message) {
        super(message);
    }
}

package io.gatewatch.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record larger than {@value AvroSerdeConfig#MAX_RECORD_BYTES} was refused without being decoded.
 * A {@link SerializationException} like every other refusal of {@link AvroDeserializer}, so every
 * consumer's existing dead-letter path routes it; dead-letter handlers that know this type report
 * the more precise reason {@value #REASON}.
 */
public class OversizedRecordException extends SerializationException {
    /** Reject reason code for an oversized record (see {@code io.gatewatch.schema.RejectReason}). */
    public static final String REASON = "record_too_large";

    public OversizedRecordException(String message) {
        super(message);
    }
}

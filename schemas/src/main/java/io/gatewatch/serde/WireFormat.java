package io.gatewatch.serde;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: magic byte {@code 0}, the writer schema's registry id as a 4-byte
 * big-endian int, then the Avro binary encoding of the datum.
 */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {}

    /** Writes the 5-byte header into the start of {@code target}. */
    public static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }

    /** Reads the schema id of a framed payload; the caller has checked {@link #problem(byte[])}. */
    public static int schemaId(byte[] payload) {
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }

    /** Why the bytes are not a Confluent-framed payload, or null when the header is sound. */
    public static String problem(byte[] payload) {
        if (payload.length < HEADER_SIZE) {
            return "payload of " + payload.length + " bytes is shorter than the 5-byte Confluent header";
        }
        if (payload[0] != MAGIC_BYTE) {
            return "unknown magic byte " + payload[0] + " (expected 0: not Confluent wire format)";
        }
        return null;
    }
}

package io.gatewatch.serde.codec;

import io.gatewatch.serde.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes Avro binary primitives into a growable buffer that starts with room for the Confluent
 * header, byte for byte as Avro's {@code BinaryEncoder} writes them (zig-zag varints, doubles as
 * little-endian raw IEEE 754 bits, strings as length + UTF-8). One per thread, reset per record.
 */
final class AvroBinaryWriter {
    private byte[] buf = new byte[512];
    private int count;

    AvroBinaryWriter reset() {
        count = WireFormat.HEADER_SIZE;
        return this;
    }

    /** The framed record: header with {@code schemaId}, then what was written. */
    byte[] toFramedBytes(int schemaId) {
        byte[] out = Arrays.copyOf(buf, count);
        WireFormat.writeHeader(out, schemaId);
        return out;
    }

    void writeInt(int value) {
        writeLong(value);
    }

    void writeLong(long value) {
        ensure(10);
        long n = (value << 1) ^ (value >> 63);
        while ((n & ~0x7FL) != 0) {
            buf[count++] = (byte) ((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        buf[count++] = (byte) n;
    }

    void writeDouble(double value) {
        ensure(8);
        long bits = Double.doubleToRawLongBits(value);
        for (int i = 0; i < 8; i++) {
            buf[count++] = (byte) (bits >>> (8 * i));
        }
    }

    void writeBoolean(boolean value) {
        ensure(1);
        buf[count++] = (byte) (value ? 1 : 0);
    }

    void writeString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeLong(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buf, count, utf8.length);
        count += utf8.length;
    }

    /** The branch of a {@code ["null", T]} union; true when {@code value} is present and is to be written next. */
    boolean writePresence(Object value) {
        writeInt(value == null ? 0 : 1);
        return value != null;
    }

    /** A {@code ["null", string]} union. */
    void writeOptionalString(String value) {
        if (writePresence(value)) {
            writeString(value);
        }
    }

    /** A {@code ["null", double]} union. */
    void writeOptionalDouble(Double value) {
        if (writePresence(value)) {
            writeDouble(value);
        }
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }
}

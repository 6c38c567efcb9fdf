package io.gatewatch.serde.codec;

import io.gatewatch.schema.TextPolicy;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Reads Avro binary primitives from one record's bytes, bounded by those bytes: every length is
 * checked against the bytes left before anything is allocated, so a hostile length can never make
 * it allocate more than the record holds. Varints follow Avro's own decoder (at most 5 bytes for an
 * int, 10 for a long); strings must be strict UTF-8, as the bounded decoder of
 * {@code AvroDeserializer} demands ({@link TextPolicy#decodeUtf8}: no overlong forms, encoded
 * surrogates or truncated sequences). Any violation throws {@link MalformedAvroException}.
 */
final class AvroBinaryReader {
    private final byte[] buf;
    private int pos;
    private final int limit;

    AvroBinaryReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
    }

    boolean atEnd() {
        return pos == limit;
    }

    int readInt() {
        int n = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int b = nextByte();
            n |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (n >>> 1) ^ -(n & 1);
            }
        }
        throw new MalformedAvroException("invalid int encoding");
    }

    long readLong() {
        long n = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            long b = nextByte();
            n |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (n >>> 1) ^ -(n & 1);
            }
        }
        throw new MalformedAvroException("invalid long encoding");
    }

    double readDouble() {
        require(8);
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = (bits << 8) | (buf[pos + i] & 0xFFL);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    boolean readBoolean() {
        return nextByte() == 1; // as Avro's decoder: any other byte reads as false
    }

    String readString() {
        long length = readLong();
        if (length < 0) {
            throw new MalformedAvroException("negative string length " + length);
        }
        if (length > limit - pos) {
            throw new MalformedAvroException("string length " + length + " exceeds the " + (limit - pos) + " bytes left in the record");
        }
        int n = (int) length;
        String value = isAscii(pos, n) ? new String(buf, pos, n, StandardCharsets.ISO_8859_1) : strictUtf8(n);
        pos += n;
        return value;
    }

    private boolean isAscii(int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (buf[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private String strictUtf8(int length) {
        try {
            return TextPolicy.decodeUtf8(buf, pos, length);
        } catch (CharacterCodingException e) {
            throw new MalformedAvroException("string of " + length + " bytes is not strict UTF-8 (" + e.getMessage() + ")");
        }
    }

    /** An enum symbol's or union branch's index, checked against how many there are. */
    int readIndex(int count, String what) {
        int index = readInt();
        if (index < 0 || index >= count) {
            throw new MalformedAvroException(what + " index " + index + " out of range [0, " + count + ")");
        }
        return index;
    }

    /**
     * The item count of the next block of an array or map (0 ends it); a negative count, which Avro
     * writers may use, is followed by the block's size in bytes. Refused when the count or size
     * exceeds the bytes left (every item takes at least one), as the bounded Avro decoder does.
     */
    int readBlockCount(String what) {
        long count = readLong();
        if (count < 0) {
            if (count == Long.MIN_VALUE) {
                throw new MalformedAvroException("invalid " + what + " block count " + count);
            }
            long size = readLong();
            if (size < 0 || size > limit - pos) {
                throw new MalformedAvroException(what + " block size " + size + " exceeds the " + (limit - pos) + " bytes left in the record");
            }
            count = -count;
        }
        if (count > limit - pos) {
            throw new MalformedAvroException(what + " block count " + count + " exceeds the " + (limit - pos) + " bytes left in the record");
        }
        return (int) count;
    }

    /** True when a {@code ["null", T]} union holds a value. */
    boolean readPresent(String field) {
        return readIndex(2, field + " union") == 1;
    }

    /** A {@code ["null", string]} union, as {@link AvroBinaryWriter#writeOptionalString} writes it. */
    String readOptionalString(String field) {
        return readPresent(field) ? readString() : null;
    }

    /** A {@code ["null", double]} union, as {@link AvroBinaryWriter#writeOptionalDouble} writes it. */
    Double readOptionalDouble(String field) {
        return readPresent(field) ? readDouble() : null;
    }

    private int nextByte() {
        require(1);
        return buf[pos++] & 0xFF;
    }

    private void require(int bytes) {
        if (limit - pos < bytes) {
            throw new MalformedAvroException("truncated: " + bytes + " more byte(s) needed but " + (limit - pos) + " are left in the record");
        }
    }
}

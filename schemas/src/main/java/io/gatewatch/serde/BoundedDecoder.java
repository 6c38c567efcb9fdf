package io.gatewatch.serde;

import io.gatewatch.schema.TextPolicy;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary {@link Decoder} over one record's bytes that never allocates more than the record
 * could hold: every string/bytes length, fixed size and array/map block count is checked against
 * the bytes left in the record <em>before</em> anything is allocated, so a hostile record costs its
 * own size and no more (a 13-byte record claiming a 2 GB string is refused, not allocated).
 *
 * <p>Strings must be strict UTF-8 (the Avro specification says strings are UTF-8; replacing bad
 * bytes with U+FFFD would make different inputs equal and hide overlong forms such as
 * {@code C0 80}, a NUL in disguise). Every refusal is an {@link IOException} naming what was
 * claimed and what was left; {@link AvroDeserializer} turns it into its typed exception.
 *
 * <p>Array and map block counts are bounded by the bytes left too: every item of the contracts'
 * collections takes at least one byte, so a larger count cannot be honest (a collection of
 * zero-byte items — nulls, empty records — longer than the bytes left is refused; no contract has
 * one). Not thread-safe: one instance per thread, re-pointed with {@link #reset}.
 */
public final class BoundedDecoder extends Decoder {
    private byte[] buf = new byte[0];
    private int pos;
    private int limit;

    /** Points the decoder at {@code length} bytes of {@code data} from {@code offset}. */
    public BoundedDecoder reset(byte[] data, int offset, int length) {
        this.buf = data;
        this.pos = offset;
        this.limit = offset + length;
        return this;
    }

    /** Whether every byte of the record has been read. */
    public boolean isEnd() {
        return pos == limit;
    }

    /** Bytes not yet read. */
    public int remaining() {
        return limit - pos;
    }

    @Override
    public void readNull() {
        // null is encoded as zero bytes
    }

    @Override
    public boolean readBoolean() throws IOException {
        require(1, "boolean");
        return buf[pos++] == 1;
    }

    @Override
    public int readInt() throws IOException {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            require(1, "int");
            int b = buf[pos++] & 0xff;
            value |= (b & 0x7f) << shift;
            if (b < 0x80) {
                return (value >>> 1) ^ -(value & 1);
            }
        }
        throw new IOException("invalid int encoding: more than 5 varint bytes");
    }

    @Override
    public long readLong() throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            require(1, "long");
            long b = buf[pos++] & 0xff;
            value |= (b & 0x7f) << shift;
            if (b < 0x80) {
                return (value >>> 1) ^ -(value & 1);
            }
        }
        throw new IOException("invalid long encoding: more than 10 varint bytes");
    }

    @Override
    public float readFloat() throws IOException {
        require(4, "float");
        int bits = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() throws IOException {
        require(8, "double");
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = bits << 8 | (buf[pos + i] & 0xff);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length("string");
        requireUtf8(length);
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(buf, pos, result.getBytes(), 0, length);
        pos += length;
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = length("string");
        requireUtf8(length);
        String value = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return value;
    }

    @Override
    public void skipString() throws IOException {
        int length = length("string"); // read first: "pos += length(...)" would drop the length's own bytes
        pos += length;
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length("bytes");
        ByteBuffer result = old != null && old.capacity() >= length ? old.clear() : ByteBuffer.allocate(length);
        result.put(buf, pos, length).flip();
        pos += length;
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        int length = length("bytes");
        pos += length;
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        require(length, "fixed");
        System.arraycopy(buf, pos, bytes, start, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        require(length, "fixed");
        pos += length;
    }

    @Override
    public int readEnum() throws IOException {
        return readInt();
    }

    @Override
    public int readIndex() throws IOException {
        return readInt();
    }

    @Override
    public long readArrayStart() throws IOException {
        return blockCount("array");
    }

    @Override
    public long arrayNext() throws IOException {
        return blockCount("array");
    }

    @Override
    public long skipArray() throws IOException {
        return skipBlocks("array");
    }

    @Override
    public long readMapStart() throws IOException {
        return blockCount("map");
    }

    @Override
    public long mapNext() throws IOException {
        return blockCount("map");
    }

    @Override
    public long skipMap() throws IOException {
        return skipBlocks("map");
    }

    /** A string/bytes length: not negative and not more than the bytes left. */
    private int length(String what) throws IOException {
        long length = readLong();
        if (length < 0) {
            throw new IOException("negative " + what + " length " + length);
        }
        if (length > limit - pos) {
            throw new EOFException(what + " length " + length + " exceeds the " + (limit - pos) + " bytes left in the record");
        }
        return (int) length;
    }

    /**
     * The item count of the next block; a negative count is followed by the block's size in bytes
     * (which is checked and otherwise ignored when reading item by item).
     */
    private long blockCount(String what) throws IOException {
        long count = readLong();
        if (count < 0) {
            if (count == Long.MIN_VALUE) {
                throw new IOException("invalid " + what + " block count " + count);
            }
            blockSize(what);
            count = -count;
        }
        return bounded(count, what);
    }

    /** Skips whole blocks that declare their size; returns the item count of the first block that does not. */
    private long skipBlocks(String what) throws IOException {
        long count = readLong();
        while (count < 0) {
            int size = blockSize(what);
            pos += size;
            count = readLong();
        }
        return bounded(count, what);
    }

    private int blockSize(String what) throws IOException {
        long size = readLong();
        if (size < 0 || size > limit - pos) {
            throw new EOFException(what + " block size " + size + " exceeds the " + (limit - pos) + " bytes left in the record");
        }
        return (int) size;
    }

    private long bounded(long count, String what) throws EOFException {
        if (count > limit - pos) {
            throw new EOFException(what + " block count " + count + " exceeds the " + (limit - pos) + " bytes left in the record");
        }
        return count;
    }

    private void require(int bytes, String what) throws EOFException {
        if (bytes > limit - pos) {
            throw new EOFException(what + " needs " + bytes + " bytes but " + (limit - pos) + " are left in the record");
        }
    }

    /** Refuses bytes that are not strict UTF-8; ASCII (the common case) is checked in one pass. */
    private void requireUtf8(int length) throws IOException {
        int end = pos + length;
        for (int i = pos; i < end; i++) {
            if (buf[i] < 0) {
                try {
                    TextPolicy.decodeUtf8(buf, pos, length);
                } catch (CharacterCodingException e) {
                    throw new IOException("string of " + length + " bytes is not strict UTF-8 (" + e.getMessage() + ")", e);
                }
                return;
            }
        }
    }
}

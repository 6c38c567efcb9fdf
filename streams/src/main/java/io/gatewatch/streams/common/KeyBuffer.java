package io.gatewatch.streams.common;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The reusable array in which a heap index builds the key it looks up or puts in a
 * {@link CompactBytesMap}: text from a record (an event id, a person token) written as UTF-8 at a
 * given place, without an array per lookup when the text is ASCII, as ids and tokens almost always
 * are. It grows as needed, keeping what it holds. One thread at a time.
 */
public final class KeyBuffer {
    private byte[] bytes = new byte[64];

    /** The array the key is built in; valid until the next {@link #putUtf8}. */
    public byte[] bytes() {
        return bytes;
    }

    /**
     * Writes {@code text} as UTF-8 from {@code at}, with room for {@code roomAfter} more bytes behind
     * it; returns its length in bytes.
     */
    public int putUtf8(int at, String text, int roomAfter) {
        int chars = text.length();
        ensure(at + chars + roomAfter);
        for (int i = 0; i < chars; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                ensure(at + utf8.length + roomAfter);
                System.arraycopy(utf8, 0, bytes, at, utf8.length);
                return utf8.length;
            }
            bytes[at + i] = (byte) c;
        }
        return chars;
    }

    private void ensure(int length) {
        if (bytes.length < length) {
            bytes = Arrays.copyOf(bytes, Math.max(length, bytes.length * 2));
        }
    }
}

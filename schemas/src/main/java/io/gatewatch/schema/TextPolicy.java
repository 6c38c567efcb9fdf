package io.gatewatch.schema;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one text policy for every text field that enters GateWatch, whatever the channel (HTTP,
 * MQTT, a Kafka producer writing {@code gatewatch.scans} directly). A value that breaks it is
 * refused with {@link #REASON} ({@code invalid_text}) on every channel, so operators see one code.
 *
 * <p>The rules, in the order they are checked:
 * <ol>
 *   <li><b>Strict UTF-8</b> for bytes ({@link #decodeUtf8}): no overlong forms ({@code C0 80},
 *       {@code E0 80 AF}), no encoded surrogates ({@code ED A0 80}), nothing above U+10FFFF, no
 *       truncated sequences. Java's decoder with {@link CodingErrorAction#REPORT} enforces exactly
 *       this; replacing bad bytes with U+FFFD would make different inputs equal.</li>
 *   <li><b>Length</b> in UTF-16 code units, per field ({@link FieldLimits}).</li>
 *   <li><b>No unpaired surrogates</b> (JSON escapes such as {@code "\uD800"} produce them; encoding
 *       one to UTF-8 turns it into {@code ?}, so two different ids would share a token).</li>
 *   <li><b>No control characters</b>: C0 (U+0000–U+001F, including tab and newline), DEL
 *       (U+007F) and C1 (U+0080–U+009F). A NUL cannot be stored in PostgreSQL text at all;
 *       the others corrupt logs, CSV and report lines.</li>
 *   <li><b>No noncharacters</b> U+FFFE and U+FFFF (byte-order-mark mix-ups, never text).</li>
 * </ol>
 *
 * <p>Pure and allocation-free on the accepting path; it runs for every text field of every scan.
 */
public final class TextPolicy {
    /** The reason code for a text field that breaks the policy. A contract: never rename it. */
    public static final String REASON = "invalid_text";

    private TextPolicy() {}

    /**
     * What is wrong with {@code value} as the text of a field, or empty if it is acceptable.
     * {@code null} is acceptable here: whether a field is required is the caller's rule.
     *
     * @param maxLength longest accepted value in UTF-16 code units
     */
    public static Optional<String> violation(String value, int maxLength) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.length() > maxLength) {
            return Optional.of("must be at most " + maxLength + " characters");
        }
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                return Optional.of("must not contain control characters (U+" + hex(c) + " at position " + i + ")");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return Optional.of("must not contain an unpaired surrogate (at position " + i + ")");
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of("must not contain an unpaired surrogate (at position " + i + ")");
            }
            if (c == 0xFFFE || c == 0xFFFF) {
                return Optional.of("must not contain the noncharacter U+" + hex(c) + " (at position " + i + ")");
            }
        }
        return Optional.empty();
    }

    /** Whether {@code value} passes {@link #violation}; for hot paths that need no message. */
    public static boolean isAcceptable(String value, int maxLength) {
        if (value == null) {
            return true;
        }
        if (value.length() > maxLength) {
            return false;
        }
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                continue;
            }
            if (c < 0x20 || c <= 0x9F || c == 0xFFFE || c == 0xFFFF || Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Decodes strict UTF-8 (rule 1). Throws {@link CharacterCodingException} naming the offset of the
     * first bad sequence; never replaces bytes.
     */
    public static String decodeUtf8(byte[] bytes, int offset, int length) throws CharacterCodingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, offset, length));
        return chars.toString();
    }

    /** Whether {@code bytes} are strict UTF-8 (rule 1 only). */
    public static boolean isStrictUtf8(byte[] bytes) {
        try {
            decodeUtf8(bytes, 0, bytes.length);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String hex(char c) {
        String digits = Integer.toHexString(c).toUpperCase();
        return "0".repeat(Math.max(0, 4 - digits.length())) + digits;
    }

    /**
     * Longest accepted value per text field of a scan, in UTF-16 code units. Documented in
     * producers/INGEST.md; the same on every channel.
     */
    public static final class FieldLimits {
        /** eventId, deviceId, checkpointId. */
        public static final int ID = 128;
        /** A raw identity number before pseudonymisation (never stored). */
        public static final int PERSON_ID = 64;
        /** A person token: exactly {@link PersonTokens#LENGTH} characters. */
        public static final int PERSON_TOKEN = PersonTokens.LENGTH;
        /** A vehicle plate (or its token). */
        public static final int VEHICLE_PLATE = 64;
        /** A village code: exactly 12 digits. */
        public static final int VILLAGE_CODE = AreaCodes.VILLAGE_DIGITS;

        private FieldLimits() {}
    }
}

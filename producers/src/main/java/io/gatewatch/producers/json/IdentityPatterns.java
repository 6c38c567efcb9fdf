package io.gatewatch.producers.json;

import java.util.List;
import java.util.Locale;

/**
 * What looks like personal identity data in a payload, for the refusal paths that must never echo
 * it ({@link RejectedPayloads}, the converter's error messages). One rule, documented in
 * producers/INGEST.md ("Redaction"):
 * <ul>
 *   <li><b>Identity-like field names</b>, compared case- and separator-insensitively
 *       ({@code person_id}, {@code Person-ID} and {@code personid} are one name): a name that,
 *       letters and digits only and lower-cased, contains one of {@link #IDENTITY_NAME_PARTS}.</li>
 *   <li><b>Identity-like numbers</b>: a run of at least {@value #ID_NUMBER_DIGITS} digits (a single
 *       space between digits does not break it; a trailing {@code X} check digit counts),
 *       the 15/18-digit resident identity numbers and anything longer.</li>
 *   <li><b>Field names that may not be echoed</b>: anything but a plain name of at most
 *       {@value #MAX_ECHOED_NAME} ASCII letters, digits and underscores with fewer than
 *       {@value #NAME_DIGITS} digits. A device that sends an identity number as a key is caught
 *       long before 15 digits.</li>
 * </ul>
 * Pure, linear in the input, never throws.
 */
public final class IdentityPatterns {
    /** Digits in a run that make a value look like an identity number (resident ids have 15 or 18). */
    public static final int ID_NUMBER_DIGITS = 15;
    /** Digits that make a field name unfit to echo. */
    public static final int NAME_DIGITS = 6;
    /** Longest field name echoed in an error. */
    public static final int MAX_ECHOED_NAME = 64;
    /** Fragments of identity-like field names, lower-case, letters and digits only. */
    public static final List<String> IDENTITY_NAME_PARTS = List.of("personid", "idnumber", "idno", "idcard", "identity",
            "identification", "sfz", "passport", "plate", "license", "licence", "phone", "mobile", "name", "persontoken");

    private IdentityPatterns() {}

    /** Whether a field of this name holds identity data, however it is cased or separated. */
    public static boolean isIdentityFieldName(String name) {
        if (name == null) {
            return false;
        }
        StringBuilder folded = new StringBuilder(Math.min(name.length(), 256));
        for (int i = 0; i < name.length() && folded.length() < 256; i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                folded.append(Character.toLowerCase(c));
            }
        }
        String key = folded.toString().toLowerCase(Locale.ROOT);
        for (String part : IDENTITY_NAME_PARTS) {
            if (key.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text} contains something shaped like an identity number. */
    public static boolean containsIdNumber(CharSequence text) {
        return text != null && longestDigitRun(text) >= ID_NUMBER_DIGITS;
    }

    /** Whether a field name may appear in an error message or a header. */
    public static boolean isEchoableName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_ECHOED_NAME) {
            return false;
        }
        int digits = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            boolean digit = c >= '0' && c <= '9';
            if (!letter && !digit) {
                return false;
            }
            if (digit) {
                digits++;
            }
        }
        return digits < NAME_DIGITS;
    }

    /**
     * Longest run of digits (any script), where one space between two digits, or a final X,
     * continues it. Hyphens break it: a UUID's hex groups must not add up to an "identity".
     */
    static int longestDigitRun(CharSequence text) {
        int longest = 0;
        int run = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isDigit(c)) {
                run++;
            } else if (run > 0 && c == ' ' && i + 1 < length && Character.isDigit(text.charAt(i + 1))) {
                continue;
            } else if (run > 0 && (c == 'X' || c == 'x')) {
                longest = Math.max(longest, run + 1);
                run = 0;
            } else {
                run = 0;
            }
            longest = Math.max(longest, run);
        }
        return longest;
    }
}

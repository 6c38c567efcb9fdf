package io.gatewatch.sinks.poison;

/**
 * Why one record is poison: a {@link PoisonReason} and a diagnostic message that is safe to store
 * and log ({@link #message()} is bounded and never carries the record's text, see
 * {@link #of(PoisonReason, String)}).
 */
public record Poison(PoisonReason reason, String message) {
    /** Longest message kept. */
    public static final int MAX_MESSAGE_LENGTH = 1_000;

    /**
     * A poison verdict with {@code message} made safe to store: cut to {@link #MAX_MESSAGE_LENGTH}
     * and with control characters and unpaired surrogates replaced by {@code ?}. The message is a
     * diagnostic written by GateWatch or a library, not record data, so changing it alters nothing
     * stored about the record; it must itself be storable, or the dead letter would be poison too.
     */
    public static Poison of(PoisonReason reason, String message) {
        return new Poison(reason, storable(String.valueOf(message)));
    }

    private static String storable(String text) {
        int length = Math.min(text.length(), MAX_MESSAGE_LENGTH);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                out.append('?');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

package io.gatewatch.sinks.jdbc;

/**
 * A record the sink could not decode or make sense of (a poison record): stored in
 * {@code sink_dead_letter} with its coordinates and the error, never its bytes, in the same
 * transaction as the offsets that move past it.
 */
public record DeadLetterRow(RecordSource source, String error, int keySize, int valueSize) implements SinkRow {
    /** Longest error text stored. */
    public static final int MAX_ERROR_LENGTH = 1_000;
}

package io.gatewatch.sinks.jdbc;

import io.gatewatch.sinks.poison.Poison;
import io.gatewatch.sinks.poison.PoisonReason;

/**
 * A record the sink set aside as poison: undecodable, breaking its topic's contract, holding a
 * value that cannot be stored as it is, or refused by the database. Stored in
 * {@code sink_dead_letter} with its coordinates, reason and a bounded diagnostic, never its bytes,
 * in the same transaction as the offsets that move past it.
 */
record DeadLetterRow(RecordSource source, PoisonReason reason, String error) implements SinkRow {

    static DeadLetterRow of(RecordSource source, Poison poison) {
        return new DeadLetterRow(source, poison.reason(), poison.message());
    }

    public int keySize() {
        return source.keySize();
    }

    public int valueSize() {
        return source.valueSize();
    }
}

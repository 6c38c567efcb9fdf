package io.gatewatch.sinks.poison;

import io.gatewatch.schema.TextPolicy;

/**
 * Why a consumed record was set aside as poison instead of stored or delivered: the {@code reason}
 * column of {@code sink_dead_letter} and the {@code reason} tag of
 * {@code gatewatch.sink.dead.lettered}. A small fixed set: a contract, never rename a tag.
 */
public enum PoisonReason {
    /** Bytes that are not a readable record: bad framing, unknown schema, corrupt or oversized Avro. */
    UNDESERIALIZABLE("undeserializable"),
    /** Readable, but breaks its topic's contract: a tombstone on an alert topic, a count without its key, no table for the topic. */
    CONTRACT_VIOLATION("contract_violation"),
    /** Text PostgreSQL cannot store as it is: a NUL, an unpaired surrogate, a header that is not strict UTF-8. */
    INVALID_TEXT(TextPolicy.REASON),
    /** A time outside the years 1 to 9999. */
    OUT_OF_RANGE("out_of_range"),
    /** The database refused the record's row as data (SQLSTATE class 22 data exception, class 54 program limit). */
    DATA_EXCEPTION("data_exception"),
    /** The database refused the record's row by a constraint (SQLSTATE class 23). */
    CONSTRAINT_VIOLATION("constraint_violation"),
    /** An unexpected error while turning the record into its row. */
    MAPPING_ERROR("mapping_error");

    private final String tag;

    PoisonReason(String tag) {
        this.tag = tag;
    }

    /** The stored reason and metric tag value. */
    public String tag() {
        return tag;
    }
}

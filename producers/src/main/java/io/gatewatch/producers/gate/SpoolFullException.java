package io.gatewatch.producers.gate;

/**
 * The offline spool has no room for another record: Kafka has been unreachable for long enough
 * that {@code spool.max.bytes} is used up. The scan was NOT stored; the caller still holds it and
 * must decide (keep it on the device, show the operator a warning). Never thrown silently: every
 * occurrence is also counted as {@code gatewatch.produced{outcome=failed}}.
 */
public final class SpoolFullException extends Exception {
    private final long spoolBytes;
    private final long maxBytes;

    public SpoolFullException(long spoolBytes, long recordBytes, long maxBytes) {
        super("offline spool is full: " + spoolBytes + " bytes used, " + recordBytes + " more requested, limit "
                + maxBytes + " (spool.max.bytes)");
        this.spoolBytes = spoolBytes;
        this.maxBytes = maxBytes;
    }

    /** Bytes the spool held when the record was refused. */
    public long spoolBytes() {
        return spoolBytes;
    }

    /** The configured limit, {@code spool.max.bytes}. */
    public long maxBytes() {
        return maxBytes;
    }
}

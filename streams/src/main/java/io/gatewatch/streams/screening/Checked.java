package io.gatewatch.streams.screening;

import io.gatewatch.schema.ScanEvent;

/**
 * A scan on its way through validation and enrichment: either still accepted (with its enrichment
 * once known) or refused with a {@link Rejection}. Carries the original scan in both cases so a
 * refused record can be dead-lettered with its original content. In-memory only, never serialised.
 */
public record Checked(ScanEvent scan, EnrichedScan enriched, Rejection rejection) {

    public static Checked accepted(ScanEvent scan) {
        return new Checked(scan, null, null);
    }

    public static Checked enriched(EnrichedScan enriched) {
        return new Checked(enriched.scan(), enriched, null);
    }

    public static Checked rejected(ScanEvent scan, RejectReason reason, String message) {
        return new Checked(scan, null, new Rejection(reason, message));
    }

    public boolean isRejected() {
        return rejection != null;
    }
}

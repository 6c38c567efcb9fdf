package io.gatewatch.streams.screening;

import io.gatewatch.schema.RejectReason;
import io.gatewatch.schema.ScanEvent;

/**
 * A scan on its way through validation, enrichment and classification: still accepted (with its
 * enrichment and then its screening once known) or refused with a {@link Rejection}. Carries the
 * original scan in every case so a refused record can be dead-lettered with its original content.
 * In-memory only, never serialised.
 */
public record Checked(ScanEvent scan, EnrichedScan enriched, Screening screening, Rejection rejection) {

    public static Checked accepted(ScanEvent scan) {
        return new Checked(scan, null, null, null);
    }

    public static Checked enriched(EnrichedScan enriched) {
        return new Checked(enriched.scan(), enriched, null, null);
    }

    public static Checked screened(EnrichedScan enriched, Screening screening) {
        return new Checked(enriched.scan(), enriched, screening, null);
    }

    public static Checked rejected(ScanEvent scan, RejectReason reason, String message) {
        return new Checked(scan, null, null, new Rejection(reason, message));
    }

    public boolean isRejected() {
        return rejection != null;
    }
}

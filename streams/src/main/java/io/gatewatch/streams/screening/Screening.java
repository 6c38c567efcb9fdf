package io.gatewatch.streams.screening;

import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreeningAlert;
import java.util.List;

/**
 * The result of classifying one scan: the screened scan for the counts and the per-scan alerts
 * (fever, health code, device fault) it raised. In-memory only, never serialised.
 */
public record Screening(ScreenedScan screened, List<ScreeningAlert> alerts, boolean flagged) {
    public Screening {
        alerts = List.copyOf(alerts);
    }
}

package io.gatewatch.streams.screening;

import io.gatewatch.schema.ScanEvent;
import java.util.Objects;

/**
 * A valid scan placed in the administrative hierarchy: where it happened (from the device registry
 * for gate devices, as reported otherwise) and the calibration offset to apply to its reading.
 * In-memory only, never serialised.
 */
public record EnrichedScan(ScanEvent scan, String checkpointId, String villageCode, double calibrationOffsetCelsius) {
    public EnrichedScan {
        Objects.requireNonNull(scan, "scan");
        Objects.requireNonNull(checkpointId, "checkpointId");
        Objects.requireNonNull(villageCode, "villageCode");
    }
}

package io.gatewatch.streams.screening;

import io.gatewatch.schema.AreaCodes;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.RejectReason;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TextPolicy;

/**
 * Places a validated scan: gate devices from the device registry, which is authoritative (it
 * overrides whatever checkpoint or village the device reports, and supplies the calibration
 * offset); other sources (apps, staff, clinics, pharmacies) as reported, with the reporting
 * client's id standing in for a checkpoint they do not name. Runs after {@link ScanValidator}, whose
 * stateless checks have already placed a non-gate scan's reported village. Pure and thread-safe.
 */
public final class DeviceEnricher {
    /** The scan enriched, or rejected as from an unknown or retired gate device or one registered without a usable village. */
    public Checked enrich(ScanEvent scan, DeviceRegistration device) {
        if (scan.getSource() == ScanSource.GATE_DEVICE) {
            if (device == null) {
                return Checked.rejected(scan, RejectReason.UNKNOWN_DEVICE,
                        "field 'deviceId' names a gate device that is not in the device registry");
            }
            if (device.getRetired()) {
                return Checked.rejected(scan, RejectReason.RETIRED_DEVICE,
                        "field 'deviceId' names a gate device that is retired in the device registry");
            }
            if (!AreaCodes.isVillageCode(device.getVillageCode())) {
                return Checked.rejected(scan, RejectReason.INVALID_VILLAGE_CODE,
                        "the device registry entry's 'villageCode' is not 12 digits");
            }
            if (!TextPolicy.isAcceptable(device.getCheckpointId(), TextPolicy.FieldLimits.ID)) {
                // the registry is a Kafka input too: its text reaches screened scans, alerts and the sink
                return Checked.rejected(scan, RejectReason.INVALID_TEXT,
                        "the device registry entry's 'checkpointId' " + TextPolicy.violation(device.getCheckpointId(),
                                TextPolicy.FieldLimits.ID).orElse("breaks the text policy"));
            }
            return Checked.enriched(new EnrichedScan(scan, device.getCheckpointId(), device.getVillageCode(),
                    device.getCalibrationOffsetCelsius()));
        }
        // the reported village of a non-gate scan was checked by ScanChecks (present, 12 digits)
        String village = scan.getVillageCode();
        String checkpoint = scan.getCheckpointId() == null || scan.getCheckpointId().isBlank()
                ? scan.getDeviceId() : scan.getCheckpointId();
        return Checked.enriched(new EnrichedScan(scan, checkpoint, village, 0.0));
    }
}

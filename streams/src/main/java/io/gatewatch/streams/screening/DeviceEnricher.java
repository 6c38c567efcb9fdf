package io.gatewatch.streams.screening;

import io.gatewatch.schema.AreaCodes;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;

/**
 * Places a validated scan: gate devices from the device registry, which is authoritative (it
 * overrides whatever checkpoint or village the device reports, and supplies the calibration
 * offset); other sources (apps, staff, clinics, pharmacies) as reported, with the reporting
 * client's id standing in for a checkpoint they do not name. Pure and thread-safe.
 */
public final class DeviceEnricher {
    /** The scan enriched, or rejected as from an unknown device or without a usable village. */
    public Checked enrich(ScanEvent scan, DeviceRegistration device) {
        if (scan.getSource() == ScanSource.GATE_DEVICE) {
            if (device == null) {
                return Checked.rejected(scan, RejectReason.UNKNOWN_DEVICE,
                        "field 'deviceId' names a gate device that is not in the device registry");
            }
            if (!AreaCodes.isVillageCode(device.getVillageCode())) {
                return Checked.rejected(scan, RejectReason.INVALID_VILLAGE_CODE,
                        "the device registry entry's 'villageCode' is not 12 digits");
            }
            return Checked.enriched(new EnrichedScan(scan, device.getCheckpointId(), device.getVillageCode(),
                    device.getCalibrationOffsetCelsius()));
        }
        String village = scan.getVillageCode();
        if (village == null || village.isBlank()) {
            return Checked.rejected(scan, RejectReason.MISSING_VILLAGE,
                    "field 'villageCode' is required for source " + scan.getSource());
        }
        if (!AreaCodes.isVillageCode(village)) {
            return Checked.rejected(scan, RejectReason.INVALID_VILLAGE_CODE, "field 'villageCode' is not 12 digits");
        }
        String checkpoint = scan.getCheckpointId() == null || scan.getCheckpointId().isBlank()
                ? scan.getDeviceId() : scan.getCheckpointId();
        return Checked.enriched(new EnrichedScan(scan, checkpoint, village, 0.0));
    }
}

package io.gatewatch.sinks.report;

/**
 * A device with device-fault alerts for scans made that day (table {@code alert}, types
 * DEVICE_FAULT and DEVICE_FAULT_RATE).
 *
 * @param implausibleReadings DEVICE_FAULT alerts for an implausible temperature reading
 * @param unreadableCodes     DEVICE_FAULT alerts for an unreadable health code (health code UNREADABLE);
 *                            a scan with both counts in both
 */
record FaultyDevice(String deviceId, String checkpointId, String villageCode, long faultAlerts, long faultRateAlerts,
                           long implausibleReadings, long unreadableCodes) {
}

package io.gatewatch.sinks.report;

/**
 * A device with device-fault alerts for scans made that day (table {@code alert}, types
 * DEVICE_FAULT and DEVICE_FAULT_RATE).
 */
public record FaultyDevice(String deviceId, String checkpointId, String villageCode, long faultAlerts, long faultRateAlerts) {
}

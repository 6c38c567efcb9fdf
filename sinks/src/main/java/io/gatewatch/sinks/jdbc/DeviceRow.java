package io.gatewatch.sinks.jdbc;

import io.gatewatch.schema.DeviceRegistration;

/** A row of {@code device_registration}: the registration as last seen, or its retirement (tombstone). */
record DeviceRow(String deviceId, DeviceRegistration registration, RecordSource source) implements SinkRow {

    public boolean isRetirement() {
        return registration == null;
    }
}

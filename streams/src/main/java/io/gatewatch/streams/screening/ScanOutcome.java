package io.gatewatch.streams.screening;

import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.TemperatureStatus;

/**
 * The one {@code outcome} tag of {@link io.gatewatch.schema.MetricNames#SCANS} for a screened
 * scan. Precedence when several apply: fever, non-green code, device fault, then normal (a
 * plausible reading below the threshold) or no reading. A device fault therefore never shows as
 * normal, and a real fever is not hidden by a scanner that failed to read the code.
 */
public enum ScanOutcome {
    FEVER("fever"), NON_GREEN("non_green"), DEVICE_FAULT("device_fault"), NORMAL("normal"), NO_READING("no_reading");

    private final String tag;

    ScanOutcome(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    public static ScanOutcome of(ScreenedScan screened) {
        HealthCodeColour code = screened.getScan().getHealthCode();
        if (screened.getTemperatureStatus() == TemperatureStatus.FEVER) {
            return FEVER;
        }
        if (code == HealthCodeColour.YELLOW || code == HealthCodeColour.RED) {
            return NON_GREEN;
        }
        if (screened.getDeviceFault()) {
            return DEVICE_FAULT;
        }
        return screened.getTemperatureStatus() == TemperatureStatus.NORMAL ? NORMAL : NO_READING;
    }
}

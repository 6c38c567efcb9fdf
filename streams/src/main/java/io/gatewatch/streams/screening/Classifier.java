package io.gatewatch.streams.screening;

import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.TemperatureReading;
import io.gatewatch.schema.TemperatureRule;
import io.gatewatch.schema.TemperatureStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the per-scan rules to an enriched scan. Pure and thread-safe; the wall-clock time (for
 * {@code screenedAt} and {@code detectedAt}) is passed in.
 *
 * <ul>
 *   <li>The reading is converted to Celsius, calibrated and rounded ({@link TemperatureRule}). Inside
 *       the plausible range (inclusive) it is FEVER at or above the threshold, else NORMAL;
 *       outside it, or NaN/infinite, it is IMPLAUSIBLE — a device fault, never a fever nor normal.</li>
 *   <li>FEVER alert for a FEVER reading; NON_GREEN_CODE for YELLOW (HIGH) or RED (CRITICAL);
 *       RED_CODE_ENTRY additionally for RED unless the person is leaving (direction OUT);
 *       DEVICE_FAULT for an implausible reading or an UNREADABLE code. The rules are independent:
 *       a scan can raise several.</li>
 *   <li>A scan is <em>flagged</em> (a candidate for the multi-checkpoint escalation) when it has a
 *       fever or a non-green code and a person token.</li>
 * </ul>
 */
public final class Classifier {
    private final TemperatureRule rule;
    private final Alerts alerts;

    public Classifier(ScreeningConfig config, Alerts alerts) {
        this.rule = config.temperatureRule();
        this.alerts = alerts;
    }

    public Screening classify(EnrichedScan enriched, long nowMs) {
        ScanEvent scan = enriched.scan();
        TemperatureReading reading = scan.getTemperature();
        Double celsius = null;
        TemperatureStatus status = TemperatureStatus.NO_READING;
        if (reading != null) {
            double value = TemperatureRule.toCelsius(reading.getValue(), reading.getUnit(), enriched.calibrationOffsetCelsius());
            celsius = Double.isFinite(value) ? value : null;
            status = rule.classify(value);
        }
        HealthCodeColour code = scan.getHealthCode();
        boolean deviceFault = status == TemperatureStatus.IMPLAUSIBLE || code == HealthCodeColour.UNREADABLE;
        ScreenedScan screened = ScreenedScan.newBuilder()
                .setScan(scan)
                .setCheckpointId(enriched.checkpointId())
                .setVillageCode(enriched.villageCode())
                .setTemperatureCelsius(celsius)
                .setTemperatureStatus(status)
                .setDeviceFault(deviceFault)
                .setScreenedAt(Instant.ofEpochMilli(nowMs))
                .build();

        List<ScreeningAlert> raised = new ArrayList<>(2);
        if (status == TemperatureStatus.FEVER) {
            raised.add(alerts.fever(screened, nowMs));
        }
        boolean nonGreen = code == HealthCodeColour.YELLOW || code == HealthCodeColour.RED;
        if (nonGreen) {
            raised.add(alerts.nonGreenCode(screened, nowMs));
        }
        if (code == HealthCodeColour.RED && scan.getDirection() != Direction.OUT) {
            raised.add(alerts.redCodeEntry(screened, nowMs));
        }
        if (deviceFault) {
            raised.add(alerts.deviceFault(screened, nowMs));
        }
        boolean flagged = (status == TemperatureStatus.FEVER || nonGreen) && scan.getPersonToken() != null;
        return new Screening(screened, raised, flagged);
    }
}

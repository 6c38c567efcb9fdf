package io.gatewatch.streams.screening;

import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.CheckinSchedule;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Severity;
import io.gatewatch.schema.TemperatureStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * Builds {@link ScreeningAlert}s with deterministic ids, so a replay, a retry or a reprocessing
 * after a failure produces the same id and sinks upsert instead of duplicating:
 * <ul>
 *   <li>per-scan alerts: {@code <eventId>/<type>};</li>
 *   <li>{@code DEVICE_FAULT_RATE}: {@code <eventId>/DEVICE_FAULT_RATE} of the reading that tipped its
 *       window over the threshold (all readings of a device are processed in partition order, so
 *       the same input always tips at the same reading);</li>
 *   <li>{@code MULTI_CHECKPOINT}: {@code <personToken>/MULTI_CHECKPOINT/<window start>}, the window
 *       start being the flagged scan's time minus the escalation window, in epoch millis;</li>
 *   <li>{@code OBSERVATION_BREACH}: {@code <eventId>/OBSERVATION_BREACH} of the gate scan, whichever
 *       arrived first, the scan or the watchlist entry;</li>
 *   <li>{@code MISSED_CHECKIN}: {@code <personToken>/MISSED_CHECKIN/<slot deadline>}, the deadline in
 *       epoch millis.</li>
 * </ul>
 * Device alerts carry no person token and no health code other than UNREADABLE: operations staff
 * who read them need no health data. Pure and thread-safe.
 */
public final class Alerts {
    private final String feverRule;
    private final String yellowRule;
    private final String redRule;
    private final String redEntryRule;
    private final String implausibleRule;
    private final String unreadableRule;
    private final String faultRateRule;
    private final String escalationRule;
    private final String checkinRule;
    private final ZoneId checkinZone;

    public Alerts(ScreeningConfig config) {
        String range = number(config.plausibleMinCelsius()) + "-" + number(config.plausibleMaxCelsius()) + " C";
        feverRule = "temperature >= " + number(config.feverThresholdCelsius()) + " C (plausible range " + range + ")";
        yellowRule = "health code YELLOW";
        redRule = "health code RED";
        redEntryRule = "health code RED attempting entry (direction IN or unknown)";
        implausibleRule = "reading outside the plausible range " + range + " or not a number";
        unreadableRule = "health code UNREADABLE";
        faultRateRule = ">= " + number(config.faultRateThreshold() * 100) + "% of >= " + config.faultRateMinReadings()
                + " readings implausible within a " + minutes(config.faultRateWindowMs()) + " window";
        escalationRule = "flagged at >= 2 checkpoints within " + minutes(config.escalationWindowMs());
        checkinRule = "HOME observation reports by " + config.getString(ScreeningConfig.CHECKIN_SLOTS).replace(" ", "")
                + ", grace " + minutes(config.checkinGraceMs());
        checkinZone = config.timeZone();
    }

    public static String alertId(String eventId, AlertType type) {
        return eventId + "/" + type.name();
    }

    public static String escalationId(String personToken, long windowStartMs) {
        return personToken + "/" + AlertType.MULTI_CHECKPOINT.name() + "/" + windowStartMs;
    }

    public ScreeningAlert fever(ScreenedScan screened, long detectedAtMs) {
        return person(screened, AlertType.FEVER, Severity.HIGH, feverRule, detectedAtMs).build();
    }

    /** NON_GREEN_CODE: HIGH for YELLOW, CRITICAL for RED. */
    public ScreeningAlert nonGreenCode(ScreenedScan screened, long detectedAtMs) {
        boolean red = screened.getScan().getHealthCode() == HealthCodeColour.RED;
        return person(screened, AlertType.NON_GREEN_CODE, red ? Severity.CRITICAL : Severity.HIGH,
                red ? redRule : yellowRule, detectedAtMs).build();
    }

    public ScreeningAlert redCodeEntry(ScreenedScan screened, long detectedAtMs) {
        return person(screened, AlertType.RED_CODE_ENTRY, Severity.CRITICAL, redEntryRule, detectedAtMs).build();
    }

    public ScreeningAlert deviceFault(ScreenedScan screened, long detectedAtMs) {
        boolean implausible = screened.getTemperatureStatus() == TemperatureStatus.IMPLAUSIBLE;
        boolean unreadable = screened.getScan().getHealthCode() == HealthCodeColour.UNREADABLE;
        String rule = implausible && unreadable ? implausibleRule + "; " + unreadableRule
                : implausible ? implausibleRule : unreadableRule;
        return device(screened, AlertType.DEVICE_FAULT, Severity.LOW, rule, detectedAtMs)
                .setAlertId(alertId(screened.getScan().getEventId(), AlertType.DEVICE_FAULT))
                .build();
    }

    public ScreeningAlert deviceFaultRate(ScreenedScan tipping, int readings, int implausible, long detectedAtMs) {
        return device(tipping, AlertType.DEVICE_FAULT_RATE, Severity.MEDIUM,
                faultRateRule + " (" + implausible + " of " + readings + ")", detectedAtMs)
                .setAlertId(alertId(tipping.getScan().getEventId(), AlertType.DEVICE_FAULT_RATE))
                .build();
    }

    public ScreeningAlert escalation(ScreenedScan flagged, List<String> relatedCheckpoints, long windowStartMs,
                                     long detectedAtMs) {
        return person(flagged, AlertType.MULTI_CHECKPOINT, Severity.HIGH, escalationRule, detectedAtMs)
                .setAlertId(escalationId(flagged.getScan().getPersonToken(), windowStartMs))
                .setRelatedCheckpoints(List.copyOf(relatedCheckpoints))
                .build();
    }

    /**
     * OBSERVATION_BREACH (CRITICAL): a person under HOME observation scanned at a gate. The alert
     * carries the gate's checkpoint and village and the scan time; the rule names the observation's
     * village and days, never more of the watchlist.
     */
    public ScreeningAlert observationBreach(String personToken, Sighting gate, ObservationEntry observation, long detectedAtMs) {
        String days = observation.getFromDate() + ".." + observation.getToDate()
                + (observation.getReleasedOn() == null ? "" : " (released " + observation.getReleasedOn() + ")");
        return ScreeningAlert.newBuilder()
                .setAlertId(alertId(gate.eventId(), AlertType.OBSERVATION_BREACH))
                .setType(AlertType.OBSERVATION_BREACH)
                .setSeverity(Severity.CRITICAL)
                .setRule("under HOME observation " + days + " for village " + observation.getVillageCode() + ", scanned at a gate")
                .setEventId(gate.eventId())
                .setSource(gate.source())
                .setDeviceId(gate.deviceId())
                .setCheckpointId(gate.checkpointId())
                .setVillageCode(gate.villageCode())
                .setPersonToken(personToken)
                .setTemperatureCelsius(gate.temperatureCelsius())
                .setRawTemperature(null)
                .setHealthCode(gate.healthCode())
                .setRelatedCheckpoints(List.of())
                .setScannedAt(Instant.ofEpochMilli(gate.scannedAtMs()))
                .setDetectedAt(Instant.ofEpochMilli(detectedAtMs))
                .build();
    }

    public static String missedCheckinId(String personToken, Instant slotDue) {
        return personToken + "/" + AlertType.MISSED_CHECKIN.name() + "/" + slotDue.toEpochMilli();
    }

    /**
     * MISSED_CHECKIN (MEDIUM): no temperature report of a person under HOME observation in a check-in
     * slot. Raised by an absence, so it has no scan: the id stands in for the event id, the slot's
     * deadline for the scan time, the village is the observation's (its grid worker follows up),
     * the source is {@link ScanSource#STAFF_ENTRY} (the report the grid worker is to collect) and
     * device and checkpoint are empty.
     */
    public ScreeningAlert missedCheckin(ObservationEntry observation, CheckinSchedule.Slot slot, long detectedAtMs) {
        String id = missedCheckinId(observation.getPersonToken(), slot.due());
        LocalTime opens = LocalTime.ofInstant(slot.opens(), checkinZone);
        LocalTime due = LocalTime.ofInstant(slot.due(), checkinZone);
        return ScreeningAlert.newBuilder()
                .setAlertId(id)
                .setType(AlertType.MISSED_CHECKIN)
                .setSeverity(Severity.MEDIUM)
                .setRule("no temperature report (PHONE_APP or STAFF_ENTRY) between " + opens + " and " + due + " on "
                        + slot.day() + " " + checkinZone + " (" + checkinRule + ")")
                .setEventId(id)
                .setSource(ScanSource.STAFF_ENTRY)
                .setDeviceId("")
                .setCheckpointId("")
                .setVillageCode(observation.getVillageCode())
                .setPersonToken(observation.getPersonToken())
                .setTemperatureCelsius(null)
                .setRawTemperature(null)
                .setHealthCode(null)
                .setRelatedCheckpoints(List.of())
                .setScannedAt(slot.due())
                .setDetectedAt(Instant.ofEpochMilli(detectedAtMs))
                .build();
    }

    private static ScreeningAlert.Builder person(ScreenedScan screened, AlertType type, Severity severity, String rule,
                                                 long detectedAtMs) {
        ScanEvent scan = screened.getScan();
        return common(screened, type, severity, rule, detectedAtMs)
                .setAlertId(alertId(scan.getEventId(), type))
                .setPersonToken(scan.getPersonToken())
                .setHealthCode(scan.getHealthCode());
    }

    private static ScreeningAlert.Builder device(ScreenedScan screened, AlertType type, Severity severity, String rule,
                                                 long detectedAtMs) {
        HealthCodeColour code = screened.getScan().getHealthCode();
        return common(screened, type, severity, rule, detectedAtMs)
                .setPersonToken(null)
                .setHealthCode(code == HealthCodeColour.UNREADABLE ? code : null);
    }

    private static ScreeningAlert.Builder common(ScreenedScan screened, AlertType type, Severity severity, String rule,
                                                 long detectedAtMs) {
        ScanEvent scan = screened.getScan();
        return ScreeningAlert.newBuilder()
                .setType(type)
                .setSeverity(severity)
                .setRule(rule)
                .setEventId(scan.getEventId())
                .setSource(scan.getSource())
                .setDeviceId(scan.getDeviceId())
                .setCheckpointId(screened.getCheckpointId())
                .setVillageCode(screened.getVillageCode())
                .setTemperatureCelsius(screened.getTemperatureCelsius())
                .setRawTemperature(scan.getTemperature())
                .setRelatedCheckpoints(List.of())
                .setScannedAt(scan.getScannedAt())
                .setDetectedAt(Instant.ofEpochMilli(detectedAtMs));
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String minutes(long ms) {
        return ms % 60_000 == 0 ? (ms / 60_000) + " min" : ms + " ms";
    }
}

package io.gatewatch.schema;

import java.util.List;

/**
 * Topic names: contracts shared by code, tests, ops and docs. Renaming one loses data and state.
 * Convention: lower-case, dot-separated, prefix {@code gatewatch.}.
 *
 * <p>Every value is Avro in the Confluent wire format; keys are Avro too (a string, or
 * {@link AreaCountKey}). The dead-letter topics are the one exception: their values are the
 * original bytes as received, with headers saying where they came from and why they were refused.
 */
public final class Topics {
    private Topics() {}

    /** Raw scans from every source. Key: deviceId. Value: {@link ScanEvent}. */
    public static final String SCANS = "gatewatch.scans";
    /** Device registry, compacted. Key: deviceId. Value: {@link DeviceRegistration}; null retires a device. */
    public static final String DEVICES = "gatewatch.devices";
    /**
     * The area gazetteer, compacted. Key: division code. Value: {@link AreaName}; null forgets a name.
     * Written by {@code gatewatch areas import}; read by the processes that show names but read Kafka only.
     */
    public static final String AREAS = "gatewatch.areas";
    /** Scans refused by validation or undeserialisable. Key/value: the original bytes; headers name source and reason. */
    public static final String SCANS_REJECTED = "gatewatch.scans.rejected";
    /** Scans that arrived after their window's grace period. Key: deviceId. Value: {@link ScanEvent}. */
    public static final String SCANS_LATE = "gatewatch.scans.late";
    /**
     * The health authority's observation watchlist, compacted. Key: personToken. Value:
     * {@link ObservationEntry}; null erases a person. Partitioned by the token's characters
     * ({@link ObservationPartitioning}) with as many partitions as {@link #SCANS}, so screening meets a
     * person's entry and gate scans in one task.
     */
    public static final String OBSERVATION = "gatewatch.observation";
    /** Validated, de-duplicated, enriched, classified scans. Key: villageCode. Value: {@link ScreenedScan}. */
    public static final String SCANS_SCREENED = "gatewatch.scans.screened";

    /** Fever alerts, for health authorities. Key: villageCode. Value: {@link ScreeningAlert}. */
    public static final String ALERTS_FEVER = "gatewatch.alerts.fever";
    /** Non-green and RED-code-entry alerts. Key: villageCode. Value: {@link ScreeningAlert}. */
    public static final String ALERTS_HEALTHCODE = "gatewatch.alerts.healthcode";
    /** Escalations (same person at several checkpoints). Key: villageCode. Value: {@link ScreeningAlert}. */
    public static final String ALERTS_ESCALATION = "gatewatch.alerts.escalation";
    /**
     * OBSERVATION_BREACH and MISSED_CHECKIN: who is under medical observation and where they went,
     * the most sensitive alerts, for the epidemic-control team and the person's village grid workers
     * only. Key: villageCode. Value: {@link ScreeningAlert}.
     */
    public static final String ALERTS_OBSERVATION = "gatewatch.alerts.observation";
    /** Device faults, for operations rather than health authorities. Key: villageCode. Value: {@link ScreeningAlert}. */
    public static final String FAULTS_DEVICE = "gatewatch.faults.device";

    /** Hourly counts per checkpoint, village, township, county. Key: {@link AreaCountKey}. Value: {@link AreaCount}. */
    public static final String COUNTS_HOURLY = "gatewatch.counts.hourly";
    /** Local-day counts per checkpoint, village, township, county. Key: {@link AreaCountKey}. Value: {@link AreaCount}. */
    public static final String COUNTS_DAILY = "gatewatch.counts.daily";

    /** Every alert topic a health-authority subscriber may follow. */
    public static final List<String> ALERT_TOPICS = List.of(ALERTS_FEVER, ALERTS_HEALTHCODE, ALERTS_ESCALATION, ALERTS_OBSERVATION,
            FAULTS_DEVICE);

    /** Every topic GateWatch creates, in creation order. */
    public static final List<String> ALL = List.of(SCANS, DEVICES, AREAS, OBSERVATION, SCANS_REJECTED, SCANS_LATE, SCANS_SCREENED,
            ALERTS_FEVER, ALERTS_HEALTHCODE, ALERTS_ESCALATION, ALERTS_OBSERVATION, FAULTS_DEVICE, COUNTS_HOURLY, COUNTS_DAILY);
}

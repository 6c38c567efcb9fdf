package io.gatewatch.streams.screening;

/**
 * Names of the screening topology's processors, state stores and internal topics. Store and
 * repartition names are part of the data's identity (they name changelog and repartition topics,
 * {@code <application.id>-<name>-changelog} / {@code -repartition}): renaming one loses state.
 * Tests read stores through these constants.
 */
public final class ScreeningNames {
    private ScreeningNames() {}

    public static final String PREFIX = "screening-";

    // state stores
    /** Global store of the device registry (restored from {@code gatewatch.devices} itself, no changelog). */
    public static final String DEVICE_REGISTRY_STORE = PREFIX + "device-registry";
    /**
     * Window store without changelog: eventId -> the journal batch logging it, at the scan's event time. Until issue
     * 20 the ids lived in the logged window store {@code screening-dedupe-store}, one changelog record per scan.
     */
    public static final String DEDUPE_INDEX_STORE = PREFIX + "dedupe-index";
    /** {@link io.gatewatch.streams.common.BatchJournal}: the de-duplication ids, one changelog record per commit. */
    public static final String DEDUPE_JOURNAL_STORE = PREFIX + "dedupe-journal";
    /**
     * Key-value store: (fault-rate window, bucket of devices) -> their readings/implausible tallies
     * ({@link FaultTallies}). Until issue 20 it was the window store {@code screening-fault-rate-store}
     * (deviceId -> tally); the new name keeps the old changelog's records from being read in the new format.
     */
    public static final String FAULT_RATE_STORE = PREFIX + "fault-tallies";
    /** Window store with duplicates: person token -> flagged screened scans at their event time. */
    public static final String ESCALATION_STORE = PREFIX + "escalation-store";
    /** Key-value store: person token -> watchlist entry, when it became known, check-in state ({@link Watch}). */
    public static final String OBSERVATION_WATCHLIST_STORE = PREFIX + "observation-watchlist";
    /** Window store with duplicates: person token -> gate and check-in sightings at their event time, for the breach lookback. */
    public static final String OBSERVATION_SIGHTINGS_STORE = PREFIX + "observation-sightings";
    /** {@link io.gatewatch.streams.common.BatchJournal}: the sightings, one changelog record per commit (the sightings store has no changelog since issue 20). */
    public static final String OBSERVATION_SIGHTINGS_JOURNAL_STORE = PREFIX + "observation-sightings-journal";
    /** Key-value store: the observation task's clock (one entry). */
    public static final String OBSERVATION_CLOCK_STORE = PREFIX + "observation-clock";

    // internal topics
    /** Repartition of flagged scans by person token, for escalation. */
    public static final String FLAGS_BY_PERSON = PREFIX + "flags-by-person";
    /** Repartition of gate and check-in sightings by person token ({@link io.gatewatch.schema.ObservationPartitioning}), to meet the watchlist. */
    public static final String SIGHTINGS_BY_PERSON = PREFIX + "sightings-by-person";

    // processors
    public static final String SCANS_SOURCE = PREFIX + "scans-source";
    public static final String DEVICES_SOURCE = PREFIX + "devices-source";
    /** Validates, places, de-duplicates, classifies and counts the fault rate of each scan ({@link ScreeningProcessor}). */
    public static final String SCREEN = PREFIX + "screen";
    /** Child of {@link #SCREEN} that receives refused scans. */
    public static final String REJECT = PREFIX + "reject";
    public static final String REJECTED_SINK = PREFIX + "rejected-sink";
    /** Child of {@link #SCREEN} that receives screened scans. */
    public static final String TO_SCREENING = PREFIX + "screening";
    public static final String SCREENED_BY_VILLAGE = PREFIX + "screened-by-village";
    public static final String SCREENED_SINK = PREFIX + "screened-sink";
    public static final String SCAN_ALERTS = PREFIX + "scan-alerts";
    /** Prefix of the counting, split and sink processors of per-scan and device alerts. */
    public static final String SCAN_ALERTS_OUT = PREFIX + "alerts-";
    public static final String FLAGGED = PREFIX + "flagged";
    public static final String FLAG_BY_PERSON = PREFIX + "flag-by-person";
    public static final String ESCALATE = PREFIX + "escalate";
    public static final String ESCALATION_ALERTS = PREFIX + "escalation-alerts";
    /** Cuts a {@link Sighting} keyed by person from each screened gate or check-in scan. */
    public static final String SIGHTING_BY_PERSON = PREFIX + "sighting-by-person";
    public static final String SIGHTING_INPUTS = PREFIX + "sighting-inputs";
    public static final String OBSERVATION_SOURCE = PREFIX + "observation-source";
    public static final String WATCHLIST_INPUTS = PREFIX + "watchlist-inputs";
    public static final String PERSON_INPUTS = PREFIX + "person-inputs";
    /** Breaches and missed check-ins ({@link ObservationProcessor}). */
    public static final String OBSERVE = PREFIX + "observe";
    public static final String OBSERVATION_ALERTS = PREFIX + "observation-alerts";
}

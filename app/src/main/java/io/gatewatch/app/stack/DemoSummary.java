package io.gatewatch.app.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The final figures of a demo run, written as JSON for scripts ({@code --summary-json}). Counts
 * come from the process's own meters (the numbers Prometheus scrapes) and row counts from the
 * database, so a script can check one against the other.
 *
 * @param durationMs        how long the stack ran (start of traffic to stop)
 * @param stoppedBy         "duration" or "signal"
 * @param drained           true when every consumer group had caught up before the figures were read
 * @param scansProduced     scans the producers of this process got acknowledged by Kafka
 * @param scansProcessed    scans the screening topology classified (all outcomes)
 * @param scansDuplicate    duplicates dropped by event id
 * @param scansLate         scans routed to the late topic, all windows
 * @param scansBySource     processed scans by source
 * @param alertsByType      alerts raised by type
 * @param rejectedByReason  scans refused by reason code
 * @param rowsByTable       rows in each database table (schema.table)
 * @param rowsFinal         false when the database had stopped (Ctrl-C) and rowsByTable is the last earlier count
 * @param expected          what this run's simulator sent and what a correct pipeline must make of it (its ground truth)
 * @param endpoints         where each part listened
 * @param cumulative        every run on this data directory: the database holds all of their rows, so its figures
 *                          are compared with the sum of their ground truths (the fields above are this run's)
 * @param observation       this run's observation alerts in the database against its simulator's ground truth
 */
public record DemoSummary(
        long durationMs,
        String stoppedBy,
        boolean drained,
        long scansProduced,
        long scansProcessed,
        long scansDuplicate,
        long scansLate,
        Map<String, Long> scansBySource,
        Map<String, Long> alertsByType,
        Map<String, Long> rejectedByReason,
        Map<String, Long> rowsByTable,
        boolean rowsFinal,
        Expected expected,
        Map<String, String> endpoints,
        Cumulative cumulative,
        Observation observation) {

    /**
     * This run's breaches and missed check-ins (issue 17): what the database stored against what the
     * simulator's ground truth says, both over the people on this run's simulated watchlist. A
     * missed check-in is decided only once screening's clock passes the slot's deadline plus its
     * grace, so both sides count the slots whose deadline lies in ({@code checkinDeadlinesAfter},
     * {@code checkinDeadlinesUpTo}]: after the run's start, and at least the grace, screening's
     * decision interval and a margin before the end of the simulated traffic, which screening has
     * certainly decided. Breaches count every gate scan of the run. A stored figure is -1 when the
     * database could not be read.
     *
     * @param home                    people under HOME observation on the simulated watchlist
     * @param central                 people under CENTRAL observation on it
     * @param breachesStored          OBSERVATION_BREACH alerts stored
     * @param breachesExpected        the ground truth's breaches
     * @param missedCheckinsStored    MISSED_CHECKIN alerts stored with a deadline in the compared span
     * @param missedCheckinsExpected  the ground truth's missed check-ins with a deadline in the compared span
     * @param checkinDeadlinesAfter   start of the compared span of deadlines (exclusive, ISO-8601 UTC)
     * @param checkinDeadlinesUpTo    end of the compared span of deadlines (inclusive, ISO-8601 UTC)
     */
    public record Observation(long home, long central, long breachesStored, long breachesExpected, long missedCheckinsStored,
                              long missedCheckinsExpected, String checkinDeadlinesAfter, String checkinDeadlinesUpTo) {}

    /**
     * All runs on one data directory so far (see {@link RunHistory}).
     *
     * @param runs                how many runs, this one included
     * @param exact               false when an earlier run was killed before its summary: its ground truth is the
     *                            last one it recorded, so {@code expected} may fall short of what it really sent
     * @param expected            the sum of every run's ground truth
     * @param storedAlertsByType  alert rows in the database by type (every run's)
     */
    public record Cumulative(int runs, boolean exact, Expected expected, Map<String, Long> storedAlertsByType) {}

    /**
     * The simulator's ground truth of everything it handed to Kafka, in the summary's terms.
     *
     * @param records          records sent to the scans topic (scans with duplicates, plus malformed ones)
     * @param uniqueEvents     distinct event ids
     * @param duplicates       resends de-duplication must drop
     * @param malformed        records screening must reject as undeserialisable
     * @param lateUploads      unique events uploaded after an outage
     * @param fevers           unique scans with a plausible reading at or above the threshold
     * @param nonGreen         unique scans with a YELLOW or RED code
     * @param deviceFaultScans unique scans that are device faults (implausible reading or unreadable code)
     * @param uniqueBySource   distinct events by source
     */
    public record Expected(long records, long uniqueEvents, long duplicates, long malformed, long lateUploads, long fevers,
                           long nonGreen, long deviceFaultScans, Map<String, Long> uniqueBySource) {
        /** Field by field sums: two runs' traffic together. */
        Expected plus(Expected other) {
            Map<String, Long> bySource = new java.util.TreeMap<>(uniqueBySource);
            other.uniqueBySource.forEach((source, n) -> bySource.merge(source, n, Long::sum));
            return new Expected(records + other.records, uniqueEvents + other.uniqueEvents, duplicates + other.duplicates,
                    malformed + other.malformed, lateUploads + other.lateUploads, fevers + other.fevers, nonGreen + other.nonGreen,
                    deviceFaultScans + other.deviceFaultScans, bySource);
        }

        static Expected of(io.gatewatch.producers.sim.GroundTruth truth) {
            Map<String, Long> bySource = new java.util.TreeMap<>();
            truth.uniqueBySource().forEach((source, n) -> bySource.put(source.name(), n));
            return new Expected(truth.records(), truth.uniqueEvents(), truth.duplicates(), truth.malformed(), truth.lateUploads(),
                    truth.fevers(), truth.nonGreen(), truth.deviceFaultScans(), bySource);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public void writeTo(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        // a script polling for the file never sees half of it
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static DemoSummary readFrom(Path file) throws IOException {
        return JSON.readValue(file.toFile(), DemoSummary.class);
    }
}

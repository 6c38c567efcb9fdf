package io.gatewatch.sinks.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything a report states about one local day. When {@link #figures()} is empty no figure is
 * stored for the area and day: renderers say "no data", and every list is empty.
 *
 * @param start              local midnight, as an instant
 * @param end                the next local midnight (23 or 25 h later across a daylight-saving change)
 * @param previous           the stored figure of the local day before (for the day-over-day change)
 * @param cumulative         the sum of the stored figures of the range's days so far (empty if none had data)
 * @param daysWithData       how many of the range's days so far had a stored figure
 * @param unitemisedScans    the area's scans minus the scans of the listed checkpoints that serve only
 *                           this area: scans at checkpoints the registry and alerts do not place here,
 *                           or at shared checkpoints. Zero when the checkpoint table accounts for all.
 * @param registeredCheckpoints checkpoints with a device registered in the area and active that day
 * @param observations       medical observation per village of the area (villages with any figure), by code
 */
record DayReport(
        LocalDate date,
        Instant start,
        Instant end,
        Optional<StoredFigures> figures,
        Optional<StoredFigures> previous,
        Optional<Figures> cumulative,
        int daysWithData,
        FeverAlerts feverAlerts,
        List<FaultyDevice> faultyDevices,
        List<CheckpointFigures> checkpoints,
        long unitemisedScans,
        int registeredCheckpoints,
        List<SubAreaFigures> subAreas,
        List<VillageRank> topByFevers,
        List<VillageRank> topByNonGreen,
        List<SilentCheckpoint> silentCheckpoints,
        List<HourFigures> hours,
        Map<String, ObservationFigures> observations) {

    public DayReport {
        observations = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(observations));
    }

    public boolean hasData() {
        return figures.isPresent();
    }

    /** Gate checkpoints (kind GATE) with at least one stored scan that day that serve the area. */
    public int operatingCheckpoints() {
        return (int) checkpoints.stream()
                .filter(c -> c.figures().scans() > 0 && CheckpointFigures.GATE.equals(c.kind())).count();
    }

    /** DEVICE_FAULT alerts for implausible temperature readings of the day's scans in the area. */
    public long implausibleReadings() {
        return faultyDevices.stream().mapToLong(FaultyDevice::implausibleReadings).sum();
    }

    /** DEVICE_FAULT alerts for unreadable health codes of the day's scans in the area. */
    public long unreadableCodes() {
        return faultyDevices.stream().mapToLong(FaultyDevice::unreadableCodes).sum();
    }

    /** Reporting points that are not gates (clinics, pharmacies, apps, staff) with scans that day, by kind. */
    public Map<String, Long> otherReportingPoints() {
        Map<String, Long> byKind = new TreeMap<>(Comparator.comparing(CheckpointFigures.KINDS::indexOf));
        checkpoints.stream().filter(c -> c.figures().scans() > 0 && !CheckpointFigures.GATE.equals(c.kind()))
                .forEach(c -> byKind.merge(c.kind(), 1L, Long::sum));
        return byKind;
    }

    /** Medical observation in the whole area that day: the sum of its villages. */
    public ObservationFigures observationTotal() {
        return observations.values().stream().reduce(ObservationFigures.NONE, ObservationFigures::plus);
    }

    /** Today's value minus the previous day's, when both are stored and the measure is stated for both. */
    public Optional<Long> change(Measure measure) {
        if (figures.isEmpty() || previous.isEmpty()) {
            return Optional.empty();
        }
        Long today = measure.of(figures.get().figures());
        Long before = measure.of(previous.get().figures());
        return today == null || before == null ? Optional.empty() : Optional.of(today - before);
    }
}

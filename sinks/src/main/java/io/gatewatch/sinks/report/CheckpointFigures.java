package io.gatewatch.sinks.report;

import java.util.List;
import java.util.SortedSet;

/**
 * One checkpoint's stored DAY row ({@code area_level} CHECKPOINT), with the villages it is known to
 * serve (device registry, and the day's alerts for checkpoints no device is registered at, such as
 * a clinic reporting under its own id).
 *
 * @param sharedWithOtherAreas the checkpoint also serves villages outside the report's area, so its
 *                             figures include scans from outside it
 * @param kind                 {@code GATE}, {@code CLINIC}, {@code PHARMACY}, {@code APP} or {@code STAFF}: the
 *                             registry's checkpoint kind, or, for a checkpoint no device with a kind is
 *                             registered at (a clinic reporting under its own id), the source most of its scans came from
 */
record CheckpointFigures(String checkpointId, SortedSet<String> villages, Figures figures, boolean isFinal,
                                boolean sharedWithOtherAreas, String kind) {
    public static final String GATE = "GATE";
    /** Every kind, in the order reports list them. */
    public static final List<String> KINDS = List.of(GATE, "CLINIC", "PHARMACY", "APP", "STAFF");

    /** The kind a checkpoint's scans show: the source with the most scans, a gate when it has none. */
    static String kindOf(Figures figures) {
        long[] bySource = {figures.gateScans(), figures.clinicScans(), figures.pharmacyScans(), figures.phoneAppScans(),
                figures.staffScans()};
        int most = 0;
        for (int i = 1; i < bySource.length; i++) {
            if (bySource[i] > bySource[most]) {
                most = i;
            }
        }
        return KINDS.get(most);
    }
}

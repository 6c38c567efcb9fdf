package io.gatewatch.sinks.report;

import java.util.SortedSet;

/**
 * One checkpoint's stored DAY row ({@code area_level} CHECKPOINT), with the villages it is known to
 * serve (device registry, and the day's alerts for checkpoints no device is registered at, such as
 * a clinic reporting under its own id).
 *
 * @param sharedWithOtherAreas the checkpoint also serves villages outside the report's area, so its
 *                             figures include scans from outside it
 */
public record CheckpointFigures(String checkpointId, SortedSet<String> villages, Figures figures, boolean isFinal,
                                boolean sharedWithOtherAreas) {
}

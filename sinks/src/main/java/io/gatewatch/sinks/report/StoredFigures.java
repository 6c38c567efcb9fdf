package io.gatewatch.sinks.report;

import java.time.Instant;

/**
 * Figures for one area and window as stored, with how settled they are.
 *
 * @param rows      how many {@code area_count} rows they come from (1, or the counties summed for a
 *                  province or city prefix)
 * @param isFinal   every row is final: its window closed and no update will follow
 * @param updatedAt the newest {@code updated_at} among the rows
 */
record StoredFigures(Figures figures, boolean isFinal, int rows, Instant updatedAt) {

    public StoredFigures plus(StoredFigures other) {
        return new StoredFigures(figures.plus(other.figures), isFinal && other.isFinal, rows + other.rows,
                updatedAt.isAfter(other.updatedAt) ? updatedAt : other.updatedAt);
    }
}

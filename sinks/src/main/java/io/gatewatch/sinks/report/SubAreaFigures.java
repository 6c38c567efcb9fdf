package io.gatewatch.sinks.report;

/** A part of the report's area (township of a county, village of a township) and its stored DAY row. */
record SubAreaFigures(String areaLevel, String areaCode, Figures figures, boolean isFinal) {
}

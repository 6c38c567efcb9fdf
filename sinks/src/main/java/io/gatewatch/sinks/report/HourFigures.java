package io.gatewatch.sinks.report;

import java.time.ZonedDateTime;
import java.util.Optional;

/** One local clock hour of a day and its stored HOUR row (empty: no row stored for that hour). */
record HourFigures(ZonedDateTime start, Optional<Figures> figures) {
}

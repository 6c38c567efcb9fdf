package io.gatewatch.sinks.jdbc;

import java.util.List;
import java.util.stream.Stream;

/**
 * The one place the sink's tables are registered. Adding a table is adding its {@link TableWriter}
 * here (and its migration); the mapper, the batch and the batch writer take their topics,
 * reductions and statements from this list.
 */
final class TableWriters {
    /** The data tables, in the order one transaction writes them. */
    static final List<TableWriter<?, ?>> DATA = List.of(
            new AlertWriter(),
            new AreaCountWriter(),
            new RejectedSummaryWriter(),
            new RejectedDetailWriter(),
            new LateSummaryWriter(),
            new DeviceWriter(),
            new ObservationWriter());
    /** Written after the data tables, with the records the database refused. */
    static final DeadLetterWriter DEAD_LETTERS = new DeadLetterWriter();
    /** Every table a batch reduces rows for. */
    static final List<TableWriter<?, ?>> ALL = Stream.concat(DATA.stream(), Stream.of(DEAD_LETTERS)).toList();

    private TableWriters() {}
}

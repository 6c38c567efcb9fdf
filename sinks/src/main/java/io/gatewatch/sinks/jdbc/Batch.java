package io.gatewatch.sinks.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Records read since the last database commit, already reduced to what one transaction writes,
 * plus the next offset of every partition they came from. Pure: no I/O, time passed in.
 *
 * <p>Reduction keeps each statement free of repeated keys (PostgreSQL refuses an
 * {@code ON CONFLICT DO UPDATE} that touches a row twice in one statement) and follows the
 * topics' semantics: counts and device registrations are tables, so the last record per key
 * wins; alerts are immutable, so the first per id wins; rejected and late scans add up into their
 * hourly summaries. Bounded by size ({@link #isFull}) and age ({@link #isDue}).
 */
final class Batch {
    /** One reduction per registered table, in {@link TableWriters#ALL} order. */
    private final Map<SinkTable, Pending<?, ?>> tables = new LinkedHashMap<>();
    private final Map<TopicPartition, Long> nextOffsets = new LinkedHashMap<>();
    /** Every row added, in arrival order: what poison isolation splits. */
    private final List<SinkRow> added = new ArrayList<>();
    private int records;
    private long firstAddedNanos;

    public Batch() {
        clear();
    }

    /** Adds the row made from one record; {@code nowNanos} is a monotonic clock reading ({@link System#nanoTime()}). */
    public void add(SinkRow row, long nowNanos) {
        boolean stored = false;
        for (Pending<?, ?> table : tables.values()) {
            stored |= table.offer(row);
        }
        if (!stored) {
            throw new IllegalArgumentException("no table writer for row type " + row.getClass().getName());
        }
        if (records == 0) {
            firstAddedNanos = nowNanos;
        }
        records++;
        added.add(row);
        RecordSource source = row.source();
        nextOffsets.merge(source.topicPartition(), source.offset() + 1, Math::max);
    }

    /**
     * A batch of {@code rows} (arrival order), for writing part of a batch: writing the parts of a
     * batch one after the other in order has the same effect as writing the batch.
     */
    static Batch of(List<? extends SinkRow> rows) {
        Batch part = new Batch();
        rows.forEach(row -> part.add(row, 0));
        return part;
    }

    /** Every row added, in arrival order. */
    List<SinkRow> rows() {
        return added;
    }

    /** Records added (before reduction): the size bound counts these. */
    public int size() {
        return records;
    }

    public boolean isEmpty() {
        return records == 0;
    }

    public boolean isFull(int maxRecords) {
        return records >= maxRecords;
    }

    /** Whether the oldest record has waited {@code maxAge} or longer. */
    public boolean isDue(long nowNanos, Duration maxAge) {
        return records > 0 && nowNanos - firstAddedNanos >= maxAge.toNanos();
    }

    /** How long until {@link #isDue} turns true (zero if already due, {@code maxAge} when empty). */
    public Duration timeUntilDue(long nowNanos, Duration maxAge) {
        if (records == 0) {
            return maxAge;
        }
        long left = maxAge.toNanos() - (nowNanos - firstAddedNanos);
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /** Next offset to read per partition once this batch is committed. */
    public Map<TopicPartition, Long> nextOffsets() {
        return Map.copyOf(nextOffsets);
    }

    /** Writes this batch's reduced rows of {@code writer}'s table, if any. */
    void write(TableWriter<?, ?> writer, Connection connection, TableWriter.WriteLimits limits) throws SQLException {
        tables.get(writer.table()).write(connection, limits);
    }

    public Collection<AlertRow> alerts() {
        return rows(SinkTable.ALERT, AlertRow.class);
    }

    public Collection<AreaCountRow> counts() {
        return rows(SinkTable.AREA_COUNT, AreaCountRow.class);
    }

    public Collection<RejectedSummary> rejectedSummaries() {
        return rows(SinkTable.REJECTED_SCAN_SUMMARY, RejectedSummary.class);
    }

    public List<RejectedScanRow> rejectedDetails() {
        return List.copyOf(rows(SinkTable.REJECTED_SCAN_DETAIL, RejectedScanRow.class));
    }

    public Collection<LateScanSummary> lateSummaries() {
        return rows(SinkTable.LATE_SCAN_SUMMARY, LateScanSummary.class);
    }

    public Collection<DeviceRow> devices() {
        return rows(SinkTable.DEVICE_REGISTRATION, DeviceRow.class);
    }

    public List<DeadLetterRow> deadLetters() {
        return List.copyOf(rows(SinkTable.SINK_DEAD_LETTER, DeadLetterRow.class));
    }

    /** The reduced rows of {@code table}, which the writer of that table reduces to {@code type}. */
    <S> Collection<S> rows(SinkTable table, Class<S> type) {
        return tables.get(table).reduction.rows().stream().map(type::cast).toList();
    }

    /** Statement rows per table this batch writes (offsets excluded); tables without rows are absent. */
    public Map<SinkTable, Integer> rowsPerTable() {
        Map<SinkTable, Integer> rows = new EnumMap<>(SinkTable.class);
        tables.forEach((table, pending) -> {
            if (pending.reduction.size() > 0) {
                rows.put(table, pending.reduction.size());
            }
        });
        return rows;
    }

    public void clear() {
        for (TableWriter<?, ?> writer : TableWriters.ALL) {
            tables.put(writer.table(), Pending.of(writer));
        }
        nextOffsets.clear();
        added.clear();
        records = 0;
    }

    /** One table's writer and the reduction of this batch's rows for it. */
    private record Pending<R extends SinkRow, S>(TableWriter<R, S> writer, Reduction<R, S> reduction) {
        static <R extends SinkRow, S> Pending<R, S> of(TableWriter<R, S> writer) {
            return new Pending<>(writer, writer.reduction());
        }

        /** Adds {@code row} when it is this table's; whether it was. */
        boolean offer(SinkRow row) {
            if (!writer.rowType().isInstance(row)) {
                return false;
            }
            reduction.add(writer.rowType().cast(row));
            return true;
        }

        void write(Connection connection, TableWriter.WriteLimits limits) throws SQLException {
            if (reduction.size() > 0) {
                writer.write(connection, reduction.rows(), limits);
            }
        }
    }
}

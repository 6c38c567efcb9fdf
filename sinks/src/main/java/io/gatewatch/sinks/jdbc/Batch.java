package io.gatewatch.sinks.jdbc;

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
public final class Batch {
    private final Map<String, AlertRow> alerts = new LinkedHashMap<>();
    private final Map<AreaCountRow.Key, AreaCountRow> counts = new LinkedHashMap<>();
    private final Map<RejectedSummary.Key, RejectedSummary> rejectedSummaries = new LinkedHashMap<>();
    private final List<RejectedScanRow> rejectedDetails = new ArrayList<>();
    private final Map<LateScanSummary.Key, LateScanSummary> lateSummaries = new LinkedHashMap<>();
    private final Map<String, DeviceRow> devices = new LinkedHashMap<>();
    private final List<DeadLetterRow> deadLetters = new ArrayList<>();
    private final Map<TopicPartition, Long> nextOffsets = new LinkedHashMap<>();
    /** Every row added, in arrival order: what poison isolation splits. */
    private final List<SinkRow> added = new ArrayList<>();
    private int records;
    private long firstAddedNanos;

    /** Adds the row made from one record; {@code nowNanos} is a monotonic clock reading ({@link System#nanoTime()}). */
    public void add(SinkRow row, long nowNanos) {
        if (records == 0) {
            firstAddedNanos = nowNanos;
        }
        records++;
        added.add(row);
        RecordSource source = row.source();
        nextOffsets.merge(source.topicPartition(), source.offset() + 1, Math::max);
        if (row instanceof AlertRow alert) {
            alerts.putIfAbsent(alert.alertId(), alert);
        } else if (row instanceof AreaCountRow count) {
            counts.remove(count.key()); // re-insert so statement order follows the latest record
            counts.put(count.key(), count);
        } else if (row instanceof RejectedScanRow rejected) {
            RejectedSummary summary = RejectedSummary.of(rejected);
            rejectedSummaries.merge(summary.key(), summary, RejectedSummary::plus);
            rejectedDetails.add(rejected);
        } else if (row instanceof LateScanRow late) {
            LateScanSummary summary = LateScanSummary.of(late);
            lateSummaries.merge(summary.key(), summary, LateScanSummary::plus);
        } else if (row instanceof DeviceRow device) {
            devices.remove(device.deviceId());
            devices.put(device.deviceId(), device);
        } else if (row instanceof DeadLetterRow deadLetter) {
            deadLetters.add(deadLetter);
        } else {
            throw new IllegalArgumentException("unknown row type " + row.getClass().getName());
        }
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

    public Collection<AlertRow> alerts() {
        return alerts.values();
    }

    public Collection<AreaCountRow> counts() {
        return counts.values();
    }

    public Collection<RejectedSummary> rejectedSummaries() {
        return rejectedSummaries.values();
    }

    public List<RejectedScanRow> rejectedDetails() {
        return rejectedDetails;
    }

    public Collection<LateScanSummary> lateSummaries() {
        return lateSummaries.values();
    }

    public Collection<DeviceRow> devices() {
        return devices.values();
    }

    public List<DeadLetterRow> deadLetters() {
        return deadLetters;
    }

    /** Statement rows per table this batch writes (offsets excluded); tables without rows are absent. */
    public Map<SinkTable, Integer> rowsPerTable() {
        Map<SinkTable, Integer> rows = new EnumMap<>(SinkTable.class);
        putIfPositive(rows, SinkTable.ALERT, alerts.size());
        putIfPositive(rows, SinkTable.AREA_COUNT, counts.size());
        putIfPositive(rows, SinkTable.REJECTED_SCAN_SUMMARY, rejectedSummaries.size());
        putIfPositive(rows, SinkTable.REJECTED_SCAN_DETAIL, rejectedDetails.size());
        putIfPositive(rows, SinkTable.LATE_SCAN_SUMMARY, lateSummaries.size());
        putIfPositive(rows, SinkTable.DEVICE_REGISTRATION, devices.size());
        putIfPositive(rows, SinkTable.SINK_DEAD_LETTER, deadLetters.size());
        return rows;
    }

    private static void putIfPositive(Map<SinkTable, Integer> rows, SinkTable table, int count) {
        if (count > 0) {
            rows.put(table, count);
        }
    }

    public void clear() {
        alerts.clear();
        counts.clear();
        rejectedSummaries.clear();
        rejectedDetails.clear();
        lateSummaries.clear();
        devices.clear();
        deadLetters.clear();
        nextOffsets.clear();
        added.clear();
        records = 0;
    }
}

package io.gatewatch.sinks.jdbc;

import io.gatewatch.schema.MetricNames;
import io.gatewatch.sinks.poison.PoisonReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The sink's meters, named from {@link MetricNames}, tagged by {@code table} or, for dead letters,
 * {@code reason}. Counters with a known tag set are registered at zero at start.
 *
 * <p>{@link MetricNames#SINK_FAILED} is one gauge per registry: the number of failed sink
 * instances reporting to it (1 for the usual one-sink process, 0 when healthy). Instances share the
 * gauge so several sinks in one process cannot shadow each other's failure.
 */
final class SinkMetrics {
    /** {@code table} tag of meters that cover a whole batch rather than one table. */
    static final String ALL_TABLES = "all";
    /** Every {@code table} tag of {@link MetricNames#SINK_ERRORS}: the tables, a connection, the commit, the schema migration. */
    static final List<String> ERROR_TABLES = Stream.concat(
            Stream.of(BatchWriteException.CONNECTION, BatchWriteException.COMMIT, BatchWriteException.SCHEMA),
            Arrays.stream(SinkTable.values()).map(SinkTable::tableName)).toList();

    private static final Map<MeterRegistry, Set<Object>> FAILED = Collections.synchronizedMap(new WeakHashMap<>());

    private final MeterRegistry registry;
    private final Set<Object> failedInstances;
    private final Object instance = new Object();
    private final Timer latency;

    SinkMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.failedInstances = FAILED.computeIfAbsent(registry, r -> {
            Set<Object> failed = ConcurrentHashMap.newKeySet();
            Gauge.builder(MetricNames.SINK_FAILED, failed, Set::size)
                    .description("Sink instances that exhausted their retries and stopped")
                    .register(r);
            return failed;
        });
        this.latency = Timer.builder(MetricNames.SINK_BATCH_LATENCY)
                .description("Batch write + commit duration")
                .tag("table", ALL_TABLES)
                .register(registry);
        // Registered at zero, so alert rules and rate() see the first error and the first poison record.
        for (String table : ERROR_TABLES) {
            errorCounter(table);
        }
        for (PoisonReason reason : PoisonReason.values()) {
            deadLetterCounter(reason);
        }
    }

    /** Counts committed dead letters by reason. */
    void deadLettered(List<DeadLetterRow> deadLetters) {
        deadLetters.forEach(d -> deadLetterCounter(d.reason()).increment());
    }

    void batchCommitted(int records, Map<SinkTable, Integer> rowsPerTable, Duration took) {
        latency.record(took);
        batchSize(ALL_TABLES).record(records);
        rowsPerTable.forEach((table, rows) -> {
            batchSize(table.tableName()).record(rows);
            Counter.builder(MetricNames.SINK_ROWS).description("Rows written").tag("table", table.tableName())
                    .register(registry).increment(rows);
        });
    }

    void error(String table) {
        errorCounter(table).increment();
    }

    void failed(boolean failed) {
        if (failed) {
            failedInstances.add(instance);
        } else {
            failedInstances.remove(instance);
        }
    }

    private DistributionSummary batchSize(String table) {
        return DistributionSummary.builder(MetricNames.SINK_BATCH_SIZE).description("Records (table=all) or rows per batch")
                .tag("table", table).register(registry);
    }

    private Counter deadLetterCounter(PoisonReason reason) {
        return Counter.builder(MetricNames.SINK_DEAD_LETTERED).description("Poison records set aside in sink_dead_letter")
                .tag("reason", reason.tag()).register(registry);
    }

    private Counter errorCounter(String table) {
        return Counter.builder(MetricNames.SINK_ERRORS).description("Database errors, each retry counted")
                .tag("table", table).register(registry);
    }
}

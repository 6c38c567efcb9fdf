package io.gatewatch.sinks.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.gatewatch.schema.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the sink's rows once they are older than their retention ({@code sink.retention.*.days}),
 * so health data is kept only as long as its purpose needs (issue 18, docs/PRIVACY.md).
 *
 * <p>Deletes run in batches of at most {@code batchRows} rows, each its own transaction, found by
 * {@code ctid} through the time column's index, until a batch deletes fewer: a long backlog never
 * holds one long lock against the sink's writes. Several sink instances may purge at once; a row
 * deleted twice is simply not found the second time.
 *
 * <p>Meters, per table: {@code gatewatch.retention.purged} (rows deleted, counter registered at
 * zero) and {@code gatewatch.retention.oldest.age} (seconds since the oldest row kept, after the
 * last purge; 0 for an empty table).
 */
public final class RetentionPurger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurger.class);

    private final DataSource dataSource;
    private final List<RetentionRule> rules;
    private final int batchRows;
    private final Map<String, Counter> purged = new LinkedHashMap<>();
    private final Map<String, AtomicLong> oldestAgeSeconds = new LinkedHashMap<>();
    private final AutoCloseable ownedPool;
    private ScheduledExecutorService scheduler;

    /** The sink process's purger: its own small pool, the rules and batch size of {@code config}. */
    public static RetentionPurger forSink(SinkConfig config, MeterRegistry meters) {
        HikariDataSource pool = SinkDataSources.create(config, "gatewatch-retention-" + config.groupId());
        return new RetentionPurger(pool, config.retentionRules(), config.retentionDeleteBatchRows(), meters, pool);
    }

    public RetentionPurger(DataSource dataSource, List<RetentionRule> rules, int batchRows, MeterRegistry meters) {
        this(dataSource, rules, batchRows, meters, () -> { });
    }

    private RetentionPurger(DataSource dataSource, List<RetentionRule> rules, int batchRows, MeterRegistry meters,
                            AutoCloseable ownedPool) {
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be at least 1");
        }
        this.dataSource = dataSource;
        this.rules = List.copyOf(rules);
        this.batchRows = batchRows;
        this.ownedPool = ownedPool;
        for (RetentionRule rule : this.rules) {
            purged.put(rule.table(), Counter.builder(MetricNames.RETENTION_PURGED).tag("table", rule.table())
                    .description("Rows deleted because they outlived their retention").register(meters));
            AtomicLong age = new AtomicLong();
            oldestAgeSeconds.put(rule.table(), age);
            Gauge.builder(MetricNames.RETENTION_OLDEST_AGE, age, AtomicLong::get).tag("table", rule.table())
                    .description("Age of the oldest row kept, as of the last purge").register(meters);
        }
    }

    /** Until the first purge: the sink migrates its schema at start, and the purge should find the tables. */
    static final Duration FIRST_PURGE_DELAY = Duration.ofMinutes(1);

    /**
     * Purges a minute after start (or after {@code interval} if shorter), then every {@code interval},
     * on its own thread; a failed run is logged and retried next time.
     */
    public synchronized RetentionPurger start(Duration interval) {
        if (scheduler != null) {
            throw new IllegalStateException("purger already started");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "gatewatch-retention");
            thread.setDaemon(true);
            return thread;
        });
        long firstDelay = Math.min(FIRST_PURGE_DELAY.toMillis(), interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::purgeLogged, firstDelay, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void purgeLogged() {
        try {
            Map<String, Long> deleted = purge();
            LOG.info("Retention purge deleted {}", deleted);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Retention purge failed; retried at the next interval", e);
        }
    }

    /** One purge of every table; returns the rows deleted per table. */
    public Map<String, Long> purge() throws SQLException {
        Map<String, Long> deleted = new LinkedHashMap<>();
        for (RetentionRule rule : rules) {
            long rows = purge(rule);
            deleted.put(rule.table(), rows);
            oldestAgeSeconds.get(rule.table()).set(oldestAgeSeconds(rule));
        }
        return deleted;
    }

    private long purge(RetentionRule rule) throws SQLException {
        String sql = "DELETE FROM " + rule.table() + " WHERE ctid IN (SELECT ctid FROM " + rule.table() + " WHERE "
                + rule.timeColumn() + " < now() - make_interval(secs => ?) LIMIT ?)";
        long total = 0;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
                delete.setDouble(1, rule.keep().toSeconds());
                delete.setInt(2, batchRows);
                int rows;
                do {
                    rows = delete.executeUpdate();
                    connection.commit();
                    total += rows;
                    purged.get(rule.table()).increment(rows);
                } while (rows == batchRows);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        return total;
    }

    private long oldestAgeSeconds(RetentionRule rule) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT coalesce(extract(epoch FROM now() - min(" + rule.timeColumn() + ")), 0) FROM " + rule.table());
             ResultSet result = query.executeQuery()) {
            result.next();
            long seconds = Math.max(0, result.getLong(1));
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return seconds;
        }
    }

    @Override
    public synchronized void close() throws Exception {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }
        ownedPool.close();
    }
}

package io.gatewatch.sinks.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The HikariCP pool a sink writes through. */
final class SinkDataSources {
    private SinkDataSources() {}

    /**
     * A pool for {@code config}. It connects lazily ({@code initializationFailTimeout = -1}): a
     * database that is down at start-up is one more failure the sink retries and reports, not a
     * constructor exception. Batched inserts are rewritten to multi-row statements by the driver.
     * Driver errors never carry row content.
     */
    public static HikariDataSource create(SinkConfig config, String poolName) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.jdbcUser());
        hikari.setPassword(config.jdbcPassword());
        hikari.setMaximumPoolSize(config.getInt(SinkConfig.JDBC_POOL_MAX_SIZE));
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(config.getLong(SinkConfig.JDBC_CONNECTION_TIMEOUT_MS));
        hikari.setInitializationFailTimeout(-1);
        hikari.setAutoCommit(false);
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        // Error messages without the server's detail ("Failing row contains (…)") or the statement's
        // inlined parameters: they hold record content (person tokens) and end in logs and health.
        hikari.addDataSourceProperty("logServerErrorDetail", "false");
        hikari.addDataSourceProperty("ApplicationName", poolName);
        return new HikariDataSource(hikari);
    }
}

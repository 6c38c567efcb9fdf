package io.gatewatch.sinks.jdbc;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's tables, managed by Flyway from {@code classpath:db/migration} ({@code V1__...sql}
 * onward). Safe to run from several instances at once: Flyway serialises them with a PostgreSQL
 * advisory lock, and an up-to-date schema is a no-op.
 */
public final class SinkSchema {
    private static final Logger LOG = LoggerFactory.getLogger(SinkSchema.class);
    public static final String LOCATION = "classpath:db/migration";

    private SinkSchema() {}

    /** Applies pending migrations; returns how many ran. */
    public static int migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .cleanDisabled(true)
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Sink schema migrated to version {} ({} migrations)", result.targetSchemaVersion, result.migrationsExecuted);
        }
        return result.migrationsExecuted;
    }
}

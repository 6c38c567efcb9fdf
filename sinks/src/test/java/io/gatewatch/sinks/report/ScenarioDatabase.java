package io.gatewatch.sinks.report;

import io.gatewatch.embedded.junit.PostgresExtension;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL per test class, migrated by the sink's Flyway scripts and holding a
 * {@link ReportScenario}, with the generator that reads it:
 * {@code @RegisterExtension static final ScenarioDatabase DATABASE = new ScenarioDatabase(SCENARIO);}.
 */
final class ScenarioDatabase implements BeforeAllCallback, AfterAllCallback {
    private final PostgresExtension postgres = new PostgresExtension();
    private final ReportScenario scenario;
    private ReportGenerator generator;

    ScenarioDatabase(ReportScenario scenario) {
        this.scenario = scenario;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        postgres.beforeAll(context);
        generator = scenario.migrateAndWrite(postgres.dataSource());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        postgres.afterAll(context);
    }

    DataSource dataSource() {
        return postgres.dataSource();
    }

    ReportGenerator generator() {
        return generator;
    }
}

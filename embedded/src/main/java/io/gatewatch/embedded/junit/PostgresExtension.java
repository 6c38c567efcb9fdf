package io.gatewatch.embedded.junit;

import io.gatewatch.embedded.EmbeddedPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real PostgreSQL per test class. Register as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresExtension POSTGRES = new PostgresExtension();
 * }</pre>
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedPostgres postgres;

    @Override
    public void beforeAll(ExtensionContext context) {
        postgres = EmbeddedPostgres.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    public EmbeddedPostgres postgres() {
        if (postgres == null) {
            throw new IllegalStateException("PostgresExtension must be a static @RegisterExtension field");
        }
        return postgres;
    }

    public String jdbcUrl() {
        return postgres().jdbcUrl();
    }

    public DataSource dataSource() {
        return postgres().dataSource();
    }
}

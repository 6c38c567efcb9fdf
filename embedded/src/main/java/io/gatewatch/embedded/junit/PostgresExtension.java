package io.gatewatch.embedded.junit;

import io.gatewatch.embedded.EmbeddedPostgres;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * One real PostgreSQL per test class. Register as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresExtension POSTGRES = new PostgresExtension();
 * }</pre>
 *
 * <p>or, with a schema applied before the class's own {@code @BeforeAll} methods run,
 * {@code new PostgresExtension(SinkSchema::migrate)}.
 */
public final class PostgresExtension extends PerClassExtension<EmbeddedPostgres> {
    public PostgresExtension() {
        this(dataSource -> { });
    }

    /** @param prepare applied to the fresh database once it runs, e.g. a schema migration */
    public PostgresExtension(Consumer<DataSource> prepare) {
        super(() -> {
            EmbeddedPostgres postgres = EmbeddedPostgres.start();
            try {
                prepare.accept(postgres.dataSource());
                return postgres;
            } catch (RuntimeException e) {
                postgres.close();
                throw e;
            }
        });
    }

    public EmbeddedPostgres postgres() {
        return resource();
    }

    public String jdbcUrl() {
        return postgres().jdbcUrl();
    }

    public DataSource dataSource() {
        return postgres().dataSource();
    }
}

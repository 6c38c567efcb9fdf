package io.gatewatch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.ConfigSources;
import io.gatewatch.app.config.ReportSettings;
import io.gatewatch.app.config.ResolvedConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class ReportCommandTest {
    /** Where the report connects, as whom. */
    private record Database(String server, String name, String user, String password) {}

    private static PGSimpleDataSource dataSource(Map<String, String> settings) {
        return ReportCommand.dataSource(ResolvedConfig.resolve(ConfigSources.merge(null, Map.of(), settings), ConfigCatalog.REPORT));
    }

    private static Database database(Map<String, String> settings) {
        PGSimpleDataSource ds = dataSource(settings);
        return new Database(ds.getServerNames()[0], ds.getDatabaseName(), ds.getUser(), ds.getPassword());
    }

    @Test
    void shouldReadTheSinksDatabaseWhenNoReportDatabaseIsGiven() {
        assertThat(database(Map.of("sink.jdbc.url", "jdbc:postgresql://sinkdb:5432/sink",
                "sink.jdbc.user", "sink_user", "sink.jdbc.password", "sink-secret")))
                .isEqualTo(new Database("sinkdb", "sink", "sink_user", "sink-secret"));
    }

    @Test
    void shouldPreferTheReportDatabaseOverTheSinks() {
        assertThat(database(Map.of(
                ReportSettings.JDBC_URL, "jdbc:postgresql://replica:5432/reports", "sink.jdbc.url", "jdbc:postgresql://sinkdb:5432/sink",
                ReportSettings.JDBC_USER, "reader", "sink.jdbc.user", "sink_user",
                ReportSettings.JDBC_PASSWORD, "reader-secret", "sink.jdbc.password", "sink-secret")))
                .isEqualTo(new Database("replica", "reports", "reader", "reader-secret"));
    }

    @Test
    void shouldReadTheDemoDatabaseWhenNothingIsGiven() {
        assertThat(database(Map.of())).isEqualTo(new Database("localhost", "gatewatch", "postgres", null));
    }

    @Test
    void shouldOnlyEverReadTheDatabase() {
        assertThat(dataSource(Map.of()).getReadOnly()).isTrue();
    }
}

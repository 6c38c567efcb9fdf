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
    private static PGSimpleDataSource database(Map<String, String> settings) {
        return ReportCommand.dataSource(ResolvedConfig.resolve(ConfigSources.merge(null, Map.of(), settings), ConfigCatalog.REPORT));
    }

    @Test
    void shouldReadTheSinksDatabaseWhenNoReportDatabaseIsGiven() {
        PGSimpleDataSource database = database(Map.of("sink.jdbc.url", "jdbc:postgresql://sinkdb:5432/sink",
                "sink.jdbc.user", "sink_user", "sink.jdbc.password", "sink-secret"));

        assertThat(database.getServerNames()).containsExactly("sinkdb");
        assertThat(database.getDatabaseName()).isEqualTo("sink");
        assertThat(database.getUser()).isEqualTo("sink_user");
        assertThat(database.getPassword()).isEqualTo("sink-secret");
    }

    @Test
    void shouldPreferTheReportDatabaseOverTheSinks() {
        PGSimpleDataSource database = database(Map.of(
                ReportSettings.JDBC_URL, "jdbc:postgresql://replica:5432/reports", "sink.jdbc.url", "jdbc:postgresql://sinkdb:5432/sink",
                ReportSettings.JDBC_USER, "reader", "sink.jdbc.user", "sink_user",
                ReportSettings.JDBC_PASSWORD, "reader-secret", "sink.jdbc.password", "sink-secret"));

        assertThat(database.getServerNames()).containsExactly("replica");
        assertThat(database.getDatabaseName()).isEqualTo("reports");
        assertThat(database.getUser()).isEqualTo("reader");
        assertThat(database.getPassword()).isEqualTo("reader-secret");
    }

    @Test
    void shouldReadTheDemoDatabaseReadOnlyWhenNothingIsGiven() {
        PGSimpleDataSource database = database(Map.of());

        assertThat(database.getServerNames()).containsExactly("localhost");
        assertThat(database.getDatabaseName()).isEqualTo("gatewatch");
        assertThat(database.getUser()).isEqualTo("postgres");
        assertThat(database.getPassword()).isNull();
        assertThat(database.getReadOnly()).isTrue();
    }
}

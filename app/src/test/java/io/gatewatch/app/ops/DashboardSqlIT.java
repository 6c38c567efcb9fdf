package io.gatewatch.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.embedded.junit.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every SQL panel of the Grafana dashboards runs against the sink's real schema (its Flyway
 * migrations on an embedded PostgreSQL), with Grafana's macros expanded as Grafana would: a
 * renamed column or table in the sink breaks this test, not an operator's dashboard.
 */
class DashboardSqlIT {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Test
    void shouldRunEverySqlPanelAgainstTheSinkSchema() throws Exception {
        Flyway.configure().dataSource(POSTGRES.dataSource()).locations("classpath:db/migration").load().migrate();
        List<String> queries = new ArrayList<>();
        for (Path dashboard : OpsFiles.dashboards()) {
            for (JsonNode panel : OpsFiles.json(dashboard).path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    if (target.has("rawSql")) {
                        queries.add(target.get("rawSql").asText());
                    }
                }
            }
        }
        assertThat(queries).isNotEmpty();

        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String sql : queries) {
                String expanded = sql.replaceAll("\\$__timeFilter\\((\\w+)\\)", "$1 BETWEEN now() - interval '6 hours' AND now()");
                assertThat(expanded).as("unexpanded Grafana macro").doesNotContain("$__");
                s.executeQuery(expanded).close();
            }
        }
    }
}

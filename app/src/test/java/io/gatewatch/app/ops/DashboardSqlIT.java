package io.gatewatch.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.embedded.junit.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
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

    @BeforeAll
    static void migrate() {
        Flyway.configure().dataSource(POSTGRES.dataSource()).locations("classpath:db/migration").load().migrate();
    }

    @Test
    void shouldRunEverySqlPanelAgainstTheSinkSchema() throws Exception {
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
                String expanded = expanded(sql);
                assertThat(expanded).as("unexpanded Grafana macro").doesNotContain("$__");
                s.executeQuery(expanded).close();
            }
        }
    }

    @Test
    void shouldShowVillagesByNameBesideTheirCodesAndAnUnnamedOneByItsCode() throws Exception {
        // Given the latest day's figures of two villages, one named in the gazetteer
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO area_name (code, name, updated_at) VALUES ('330106001001', '东村', now())");
            for (String village : List.of("330106001001", "330106001002")) {
                s.execute("INSERT INTO area_count (area_level, area_code, window_size, window_start, window_end, time_zone, scans, "
                        + "distinct_persons, fevers, yellow_codes, red_codes, device_faults, visitors, vehicles, gate_scans, "
                        + "phone_app_scans, staff_scans, clinic_scans, pharmacy_scans, is_final, updated_at, kafka_topic, "
                        + "kafka_partition, kafka_offset) VALUES ('VILLAGE', '" + village + "', 'DAY', '2026-12-05T16:00Z', "
                        + "'2026-12-06T16:00Z', 'Asia/Shanghai', 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, false, now(), 't', 0, 0)");
            }
        }

        // When the village table's query runs
        List<String> villages = new ArrayList<>();
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery(panelSql("Latest day by village"))) {
            while (rows.next()) {
                villages.add(rows.getString("village"));
            }
        }

        // Then
        assertThat(villages).containsExactlyInAnyOrder("东村 (330106001001)", "330106001002");
    }

    @Test
    void shouldShowAlertsWithTheirVillageAndCheckpointByNameBesideTheCodes() throws Exception {
        // Given two alerts of now, one at a named checkpoint of a named village, one at places without names
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO area_name (code, name, updated_at) VALUES ('330106001003', '南村', now())");
            s.execute("INSERT INTO device_registration (device_id, checkpoint_id, village_code, kind, registered_at, kafka_offset, "
                    + "checkpoint_name) VALUES ('D-S', 'CP-SOUTH', '330106001003', 'COMBINED', now(), 0, '南村卡口')");
            for (String[] alert : List.of(new String[] {"a-named", "CP-SOUTH", "330106001003"},
                    new String[] {"a-unnamed", "CP-NONE", "330106001004"})) {
                s.execute("INSERT INTO alert (alert_id, alert_type, severity, severity_rank, rule, event_id, source, device_id, "
                        + "checkpoint_id, village_code, scanned_at, detected_at, kafka_topic, kafka_partition, kafka_offset) "
                        + "VALUES ('" + alert[0] + "', 'FEVER', 'HIGH', 2, 'r', 'e-" + alert[0] + "', 'GATE_DEVICE', 'D-S', '"
                        + alert[1] + "', '" + alert[2] + "', now(), now(), 't', 0, 0)");
            }
        }

        // When the alert table's query runs
        List<String> alerts = new ArrayList<>();
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery(expanded(panelSql("Latest alerts")))) {
            while (rows.next()) {
                alerts.add(rows.getString("village") + " / " + rows.getString("checkpoint"));
            }
        }

        // Then
        assertThat(alerts).containsExactlyInAnyOrder("南村 (330106001003) / 南村卡口 (CP-SOUTH)", "330106001004 / CP-NONE");
    }

    /** A panel's SQL with Grafana's time-filter macro expanded to the last six hours. */
    private static String expanded(String sql) {
        return sql.replaceAll("\\$__timeFilter\\((\\w+)\\)", "$1 BETWEEN now() - interval '6 hours' AND now()");
    }

    private static String panelSql(String title) {
        for (Path dashboard : OpsFiles.dashboards()) {
            for (JsonNode panel : OpsFiles.json(dashboard).path("panels")) {
                if (panel.path("title").asText().equals(title)) {
                    return panel.path("targets").get(0).get("rawSql").asText();
                }
            }
        }
        throw new AssertionError("no panel " + title);
    }
}

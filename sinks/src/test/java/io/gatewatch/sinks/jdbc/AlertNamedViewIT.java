package io.gatewatch.sinks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.junit.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** alert_named: alerts with the names of their village, township and checkpoint, or the codes where none is known. */
class AlertNamedViewIT {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension(SinkSchema::migrate);

    @BeforeAll
    static void alertsInANamedAndAnUnnamedVillage() throws Exception {
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO area_name (code, name, name_en, updated_at) VALUES "
                    + "('330106001', '转塘街道', NULL, now()), ('330106001001', '东村', 'East Village', now())");
            s.execute("INSERT INTO device_registration (device_id, checkpoint_id, village_code, checkpoint_kind, checkpoint_name, "
                    + "kafka_offset) VALUES ('D1', 'CP-E', '330106001001', 'GATE', '东村卡口', 0)");
            for (String[] alert : new String[][] {{"A1", "CP-E", "330106001001"}, {"A2", "CP-W", "330106002001"}}) {
                s.execute("INSERT INTO alert (alert_id, alert_type, severity, severity_rank, rule, event_id, source, device_id, "
                        + "checkpoint_id, village_code, scanned_at, detected_at, kafka_topic, kafka_partition, kafka_offset) "
                        + "VALUES ('" + alert[0] + "', 'FEVER', 'HIGH', 2, 'r', 'e-" + alert[0] + "', 'GATE_DEVICE', 'D1', '"
                        + alert[1] + "', '" + alert[2] + "', now(), now(), 't', 0, 0)");
            }
        }
    }

    private static List<String> row(String alertId) throws Exception {
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT village_name, coalesce(village_name_en, '-'), township_name, checkpoint_name "
                     + "FROM alert_named WHERE alert_id = '" + alertId + "'")) {
            List<String> values = new ArrayList<>();
            assertThat(r.next()).isTrue();
            for (int i = 1; i <= 4; i++) {
                values.add(r.getString(i));
            }
            return values;
        }
    }

    @Test
    void shouldNameTheVillageTownshipAndCheckpointOfAnAlert() throws Exception {
        assertThat(row("A1")).containsExactly("东村", "East Village", "转塘街道", "东村卡口");
    }

    @Test
    void shouldShowTheCodesWhereNoNameIsKnown() throws Exception {
        assertThat(row("A2")).containsExactly("330106002001", "-", "330106002", "CP-W");
    }
}

package io.gatewatch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.junit.PostgresExtension;
import io.gatewatch.producers.gate.Pseudonymizer;
import io.gatewatch.schema.Topics;
import io.gatewatch.sinks.jdbc.SinkSchema;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An erasure request answered with the CLI alone: by identity number (with the secret) or by token. */
class EraseCommandIT {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension(SinkSchema::migrate);

    private static final String SECRET = "erase-it-deployment-secret";
    private static final String PERSON_ID = "330106199001011234";
    private static final String TOKEN = new Pseudonymizer(SECRET.getBytes(StandardCharsets.UTF_8)).token(PERSON_ID);
    private static final String OTHER_TOKEN = new Pseudonymizer(SECRET.getBytes(StandardCharsets.UTF_8)).token("330106199202022345");

    private final CliConsole console = new CliConsole(() -> Map.of("GATEWATCH_REPORT_JDBC_USER", POSTGRES.postgres().user(),
            "GATEWATCH_PSEUDONYM_SECRET", SECRET));

    @BeforeEach
    void alertsOfTwoPeople() throws Exception {
        execute("TRUNCATE alert, observation, erasure_audit");
        execute("INSERT INTO observation (person_token, kind, village_code, from_date, to_date, updated_at) "
                + "VALUES ('" + TOKEN + "', 'HOME', '330106001001', current_date - 3, current_date + 10, now())");
        givenAlert("A1", TOKEN);
        givenAlert("A2", TOKEN);
        givenAlert("A3", OTHER_TOKEN);
    }

    @Test
    void shouldEraseAPersonByIdentityNumberAndSayWhatKafkaKeeps() throws Exception {
        assertThat(console.run("erase", "--person-id", PERSON_ID, "--reference", "REQ-118", "--jdbc-url", POSTGRES.jdbcUrl()))
                .as(console.err()).isZero();

        assertThat(strings("SELECT alert_id FROM alert ORDER BY alert_id")).containsExactly("A3");
        assertThat(strings("SELECT reference || ' ' || deleted_rows::text FROM erasure_audit")).containsExactly("REQ-118 {\"alert\": 2, \"observation\": 1}");
        assertThat(strings("SELECT count(*) FROM observation")).containsExactly("0");
        assertThat(console.out()).contains("alert", "2 row(s) deleted", Topics.SCANS, Topics.ALERTS_FEVER, "topics.retention.scans.days")
                .doesNotContain(PERSON_ID).doesNotContain(TOKEN);
    }

    @Test
    void shouldEraseAPersonByToken() throws Exception {
        assertThat(console.run("erase", "--person-token", OTHER_TOKEN, "--jdbc-url", POSTGRES.jdbcUrl())).as(console.err()).isZero();

        assertThat(strings("SELECT alert_id FROM alert ORDER BY alert_id")).containsExactly("A1", "A2");
        assertThat(console.out()).contains("1 row(s) deleted");
    }

    private static void givenAlert(String alertId, String personToken) throws Exception {
        execute("INSERT INTO alert (alert_id, alert_type, severity, severity_rank, rule, event_id, source, device_id, "
                + "checkpoint_id, village_code, person_token, scanned_at, detected_at, kafka_topic, kafka_partition, kafka_offset) "
                + "VALUES ('" + alertId + "', 'FEVER', 'HIGH', 2, 'r', 'e-" + alertId + "', 'GATE_DEVICE', 'D1', 'CP', "
                + "'330106001001', '" + personToken + "', now(), now(), 't', 0, 0)");
    }

    private static List<String> strings(String sql) throws Exception {
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (r.next()) {
                values.add(r.getString(1));
            }
            return values;
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

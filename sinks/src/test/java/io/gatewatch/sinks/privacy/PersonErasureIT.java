package io.gatewatch.sinks.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.embedded.junit.PostgresExtension;
import io.gatewatch.sinks.jdbc.SinkSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Erasure: one person's rows go, everyone else's stay, and an audit row without the token says what went. */
class PersonErasureIT {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    private static final String ERASED = "tok-erased-person";
    private static final String OTHER = "tok-other-person";

    @BeforeAll
    static void schema() throws Exception {
        SinkSchema.migrate(POSTGRES.dataSource());
    }

    @BeforeEach
    void alertsOfTwoPeople() throws Exception {
        execute("TRUNCATE alert, erasure_audit");
        givenAlert("A1", ERASED);
        givenAlert("A2", ERASED);
        givenAlert("A3", OTHER);
    }

    @Test
    void shouldDeleteEveryRowOfThePersonAndNoOther() throws Exception {
        PersonErasure.Result result = new PersonErasure(POSTGRES.dataSource()).erase(ERASED, "REQ-7");

        assertThat(result.deletedRows()).containsEntry("alert", 2L);
        assertThat(strings("SELECT alert_id FROM alert ORDER BY alert_id")).containsExactly("A3");
    }

    @Test
    void shouldAuditWhatWasDeletedWithoutTheToken() throws Exception {
        PersonErasure.Result result = new PersonErasure(POSTGRES.dataSource()).erase(ERASED, "REQ-7");

        assertThat(strings("SELECT id || ' ' || coalesce(reference, '-') || ' ' || deleted_rows::text FROM erasure_audit"))
                .containsExactly(result.auditId() + " REQ-7 {\"alert\": 2}");
        assertThat(strings("SELECT row_to_json(a)::text FROM erasure_audit a")).noneMatch(row -> row.contains(ERASED));
    }

    @Test
    void shouldAuditAnErasureThatFoundNothing() throws Exception {
        PersonErasure.Result result = new PersonErasure(POSTGRES.dataSource()).erase("tok-unknown", null);

        assertThat(result.totalRows()).isZero();
        assertThat(strings("SELECT deleted_rows::text FROM erasure_audit")).containsExactly("{\"alert\": 0}");
        assertThat(strings("SELECT alert_id FROM alert ORDER BY alert_id")).containsExactly("A1", "A2", "A3");
    }

    @Test
    void shouldDeleteNothingWhenTheAuditCannotBeWritten() throws Exception {
        execute("ALTER TABLE erasure_audit ADD CONSTRAINT refuse_all CHECK (false) NOT VALID");
        try {
            assertThatThrownBy(() -> new PersonErasure(POSTGRES.dataSource()).erase(ERASED, null)).isInstanceOf(SQLException.class);
        } finally {
            execute("ALTER TABLE erasure_audit DROP CONSTRAINT refuse_all");
        }

        assertThat(strings("SELECT alert_id FROM alert ORDER BY alert_id")).containsExactly("A1", "A2", "A3");
    }

    @Test
    void shouldKnowEveryTableThatHoldsAPersonToken() throws Exception {
        assertThat(strings("SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t "
                + "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                + "WHERE c.table_schema = current_schema() AND c.column_name = 'person_token' AND t.table_type = 'BASE TABLE' "
                + "ORDER BY 1")).containsExactlyElementsOf(PersonErasure.PERSON_TABLES);
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

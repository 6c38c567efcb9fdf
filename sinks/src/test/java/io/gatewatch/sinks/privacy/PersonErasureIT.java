package io.gatewatch.sinks.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.embedded.junit.PostgresExtension;
import io.gatewatch.sinks.jdbc.SinkSchema;
import io.gatewatch.sinks.testing.SqlRows;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Erasure: one person's rows go, everyone else's stay, and an audit row without the token says what went. */
class PersonErasureIT {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension(SinkSchema::migrate);

    private static final String ERASED = "tok-erased-person";
    private static final String OTHER = "tok-other-person";

    @BeforeEach
    void alertsAndWatchlistEntriesOfTwoPeople() throws Exception {
        execute("TRUNCATE alert, observation, erasure_audit");
        givenAlert("A1", ERASED);
        givenAlert("A2", ERASED);
        givenAlert("A3", OTHER);
        for (String token : List.of(ERASED, OTHER)) {
            execute("INSERT INTO observation (person_token, kind, village_code, from_date, to_date, updated_at) "
                    + "VALUES ('" + token + "', 'HOME', '330106001001', current_date - 3, current_date + 10, now())");
        }
    }

    @Test
    void shouldDeleteEveryRowOfThePersonAndNoOther() throws Exception {
        PersonErasure.Result result = new PersonErasure(POSTGRES.dataSource()).erase(ERASED, "REQ-7");

        assertThat(result.deletedRows()).containsEntry("alert", 2L).containsEntry("observation", 1L);
        assertThat(strings("SELECT alert_id FROM alert ORDER BY alert_id")).containsExactly("A3");
        assertThat(strings("SELECT person_token FROM observation")).containsExactly(OTHER);
    }

    @Test
    void shouldAuditWhatWasDeletedWithoutTheToken() throws Exception {
        PersonErasure.Result result = new PersonErasure(POSTGRES.dataSource()).erase(ERASED, "REQ-7");

        assertThat(strings("SELECT id || ' ' || coalesce(reference, '-') || ' ' || deleted_rows::text FROM erasure_audit"))
                .containsExactly(result.auditId() + " REQ-7 {\"alert\": 2, \"observation\": 1}");
        assertThat(strings("SELECT row_to_json(a)::text FROM erasure_audit a")).noneMatch(row -> row.contains(ERASED));
    }

    @Test
    void shouldAuditAnErasureThatFoundNothing() throws Exception {
        PersonErasure.Result result = new PersonErasure(POSTGRES.dataSource()).erase("tok-unknown", null);

        assertThat(result.totalRows()).isZero();
        assertThat(strings("SELECT deleted_rows::text FROM erasure_audit")).containsExactly("{\"alert\": 0, \"observation\": 0}");
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
        SqlRows.givenAlert(POSTGRES.dataSource(), alertId, personToken, 0);
    }

    private static List<String> strings(String sql) throws Exception {
        return SqlRows.strings(POSTGRES.dataSource(), sql);
    }

    private static void execute(String sql) throws Exception {
        SqlRows.execute(POSTGRES.dataSource(), sql);
    }
}

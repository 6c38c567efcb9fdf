package io.gatewatch.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.EmbeddedPostgres;
import io.gatewatch.sinks.jdbc.SinkSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo summary's counts of one run's observation alerts, on the sink's real schema. */
class TableCountsIT {
    private static final Instant RUN_START = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    static Path dir;
    private static EmbeddedPostgres db;

    @BeforeAll
    static void aDatabaseWithAlertsOfTwoRuns() throws Exception {
        db = EmbeddedPostgres.start(dir.resolve("postgres"), 0);
        SinkSchema.migrate(db.dataSource());
        // this run's people: a breach, and missed check-ins due at 12:01, 12:02 and 12:03
        alert("e1/OBSERVATION_BREACH", "OBSERVATION_BREACH", "ours-1", RUN_START.plusSeconds(30));
        alert("ours-1/MISSED_CHECKIN/12:01", "MISSED_CHECKIN", "ours-1", RUN_START.plusSeconds(60));
        alert("ours-2/MISSED_CHECKIN/12:02", "MISSED_CHECKIN", "ours-2", RUN_START.plusSeconds(120));
        alert("ours-2/MISSED_CHECKIN/12:03", "MISSED_CHECKIN", "ours-2", RUN_START.plusSeconds(180));
        // an earlier run's, and someone else's during this run
        alert("ours-1/MISSED_CHECKIN/11:59", "MISSED_CHECKIN", "ours-1", RUN_START.minusSeconds(60));
        alert("theirs/MISSED_CHECKIN/12:01", "MISSED_CHECKIN", "theirs", RUN_START.plusSeconds(60));
        alert("e2/FEVER", "FEVER", "ours-1", RUN_START.plusSeconds(30));
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void shouldCountOnlyTheRunsPeopleTypeAndSpanOfDeadlines() throws Exception {
        List<String> ours = List.of("ours-1", "ours-2");

        long missedUpTo1202 = TableCounts.personAlerts(db.dataSource(), "MISSED_CHECKIN", ours, RUN_START, RUN_START.plusSeconds(120));
        long breaches = TableCounts.personAlerts(db.dataSource(), "OBSERVATION_BREACH", ours, RUN_START, RUN_START.plusSeconds(600));

        assertThat(missedUpTo1202).isEqualTo(2);
        assertThat(breaches).isEqualTo(1);
    }

    private static void alert(String id, String type, String person, Instant scannedAt) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO alert (alert_id, alert_type, severity, severity_rank, rule, event_id, source, device_id, checkpoint_id,
                                   village_code, person_token, scanned_at, detected_at, kafka_topic, kafka_partition, kafka_offset)
                VALUES (?, ?, 'MEDIUM', 2, 'test', ?, 'PHONE_APP', 'APP-1', 'APP-1', '330127101201', ?, ?, ?, 't', 0, 0)""")) {
            s.setString(1, id);
            s.setString(2, type);
            s.setString(3, id);
            s.setString(4, person);
            s.setTimestamp(5, Timestamp.from(scannedAt));
            s.setTimestamp(6, Timestamp.from(scannedAt));
            s.executeUpdate();
        }
    }
}

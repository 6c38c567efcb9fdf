package io.gatewatch.sinks.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.embedded.junit.PostgresExtension;
import io.gatewatch.sinks.testing.SqlRows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retention: rows older than their table's retention go, in batches; younger rows stay; the meters follow. */
class RetentionPurgerIT {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension(SinkSchema::migrate);

    private static final List<RetentionRule> RULES = List.of(
            new RetentionRule("alert", "scanned_at", Duration.ofDays(28)),
            new RetentionRule("rejected_scan_detail", "record_time", Duration.ofDays(7)),
            new RetentionRule("observation", "ends_on", Duration.ofDays(28)));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void emptyTables() throws Exception {
        execute("TRUNCATE alert, rejected_scan_detail, observation");
    }

    @Test
    void shouldDeleteAlertsOlderThanTheirRetentionAndKeepYoungerOnes() throws Exception {
        givenAlertsScannedDaysAgo(40, 29, 27, 1);

        Map<String, Long> deleted = new RetentionPurger(POSTGRES.dataSource(), RULES, 100, meters).purge();

        assertThat(deleted).containsEntry("alert", 2L);
        assertThat(alertAgesInDays()).containsExactly(1, 27);
    }

    @Test
    void shouldLoopBatchesUntilTheBacklogIsGone() throws Exception {
        givenAlertsScannedDaysAgo(30, 31, 32, 33, 34, 35, 36, 2);

        new RetentionPurger(POSTGRES.dataSource(), RULES, 2, meters).purge();

        assertThat(alertAgesInDays()).containsExactly(2);
    }

    @Test
    void shouldApplyEachTablesOwnRetention() throws Exception {
        givenAlertsScannedDaysAgo(10);
        execute("INSERT INTO rejected_scan_detail (rejected_partition, rejected_offset, record_time, reason, key_size, value_size) "
                + "VALUES (0, 1, now() - interval '10 days', 'INVALID', 0, 0), (0, 2, now() - interval '1 day', 'INVALID', 0, 0)");

        Map<String, Long> deleted = new RetentionPurger(POSTGRES.dataSource(), RULES, 100, meters).purge();

        assertThat(deleted).containsEntry("alert", 0L).containsEntry("rejected_scan_detail", 1L);
    }

    @Test
    void shouldKeepAWatchlistEntryUntilItsRetentionAfterTheLaterOfItsEndAndItsRelease() throws Exception {
        // ended 30 days ago; ordered to end 30 days ago but released 20 days ago (after the end: kept); still running
        execute("INSERT INTO observation (person_token, kind, village_code, from_date, to_date, released_on, updated_at) VALUES "
                + "('ended', 'HOME', '330106001001', current_date - 44, current_date - 30, NULL, now()), "
                + "('released-late', 'HOME', '330106001001', current_date - 44, current_date - 30, current_date - 20, now()), "
                + "('running', 'CENTRAL', '330106001001', current_date - 100, current_date + 3, NULL, now())");

        Map<String, Long> deleted = new RetentionPurger(POSTGRES.dataSource(), RULES, 100, meters).purge();

        assertThat(deleted).containsEntry("observation", 1L);
        assertThat(SqlRows.strings(POSTGRES.dataSource(), "SELECT person_token FROM observation ORDER BY 1"))
                .containsExactly("released-late", "running");
    }

    @Test
    void shouldCountPurgedRowsPerTableFromZero() throws Exception {
        RetentionPurger purger = new RetentionPurger(POSTGRES.dataSource(), RULES, 2, meters);
        assertThat(meters.get("gatewatch.retention.purged").tag("table", "alert").counter().count()).isZero();
        givenAlertsScannedDaysAgo(30, 31, 32, 1);

        purger.purge();

        assertThat(meters.get("gatewatch.retention.purged").tag("table", "alert").counter().count()).isEqualTo(3.0);
        assertThat(meters.get("gatewatch.retention.purged").tag("table", "rejected_scan_detail").counter().count()).isZero();
    }

    @Test
    void shouldReportTheAgeOfTheOldestRowKept() throws Exception {
        RetentionPurger purger = new RetentionPurger(POSTGRES.dataSource(), RULES, 100, meters);
        givenAlertsScannedDaysAgo(40, 3, 1);

        purger.purge();

        double age = meters.get("gatewatch.retention.oldest.age").tag("table", "alert").gauge().value();
        assertThat(age).isBetween(Duration.ofDays(3).toSeconds() - 60.0, Duration.ofDays(3).toSeconds() + 60.0);
        assertThat(meters.get("gatewatch.retention.oldest.age").tag("table", "rejected_scan_detail").gauge().value()).isZero();
    }

    @Test
    void shouldPurgeOnItsOwnOnceStarted() throws Exception {
        givenAlertsScannedDaysAgo(30, 1);

        try (RetentionPurger purger = new RetentionPurger(POSTGRES.dataSource(), RULES, 100, meters).start(Duration.ofSeconds(1))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> alertAgesInDays().size() == 1);
        }

        assertThat(alertAgesInDays()).containsExactly(1);
    }

    private static void givenAlertsScannedDaysAgo(int... daysAgo) throws Exception {
        for (int days : daysAgo) {
            SqlRows.givenAlert(POSTGRES.dataSource(), "A-" + days, "tok", days);
        }
    }

    private static List<Integer> alertAgesInDays() throws Exception {
        return SqlRows.strings(POSTGRES.dataSource(), "SELECT round(extract(epoch FROM now() - scanned_at) / 86400)::int FROM alert ORDER BY 1")
                .stream().map(Integer::valueOf).toList();
    }

    private static void execute(String sql) throws Exception {
        SqlRows.execute(POSTGRES.dataSource(), sql);
    }
}

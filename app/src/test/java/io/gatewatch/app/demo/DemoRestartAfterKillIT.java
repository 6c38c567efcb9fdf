package io.gatewatch.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatewatch.app.GatewatchProcess;
import io.gatewatch.app.stack.DemoSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, defect 2, checked from outside as an operator meets it: {@code ./gatewatch demo
 * --data-dir D} killed with {@code kill -9} once it is up, then started again on the same
 * directory, must come up unattended (no PostgreSQL left holding D) and resume on the kept data.
 */
class DemoRestartAfterKillIT {
    @TempDir
    Path dir;

    @Test
    void shouldComeUpUnattendedOnTheSameDataDirectoryAfterKillMinus9() throws Exception {
        Path data = dir.resolve("data");
        String[] demo = {"demo", "--data-dir", data.toString(), "--metrics-port", "0", "--partitions", "2", "--rate", "40",
                "--villages", "4", "--seed", "7"};

        // Given a demo that is up and has stored alerts
        long storedBeforeKill;
        try (GatewatchProcess first = GatewatchProcess.start(Map.of(), demo)) {
            first.awaitLine("Press Ctrl-C to stop.", Duration.ofSeconds(180));
            String jdbcUrl = first.awaitLine("PostgreSQL JDBC URL", Duration.ofSeconds(1)).trim().split("\\s{2,}")[1];
            await().atMost(Duration.ofSeconds(120)).until(() -> alertRows(jdbcUrl) > 0);
            storedBeforeKill = alertRows(jdbcUrl);

            // When it is killed with SIGKILL (no shutdown hook runs)
            first.kill();
        }

        // Then a restart on the same directory comes up by itself, runs and exits cleanly. Exactly-once
        // wipes and restores the state of every task the kill left open (RELIABILITY.md: 55-90 s seen on a
        // busy machine), so the drain waits as long as an operator's restart would be given
        Path summaryFile = dir.resolve("summary.json");
        String secondRun;
        try (GatewatchProcess second = GatewatchProcess.start(Map.of("GATEWATCH_DEMO_DRAIN_TIMEOUT_MS", String.valueOf(RECOVERY.toMillis())),
                concat(demo, "--duration", "10s", "--summary-json", summaryFile.toString()))) {
            assertThat(second.awaitExit(RECOVERY.plusSeconds(120))).as(second.report()).isZero();
            secondRun = second.report("--- last warnings and errors of Kafka (infrastructure.log) ---\n"
                    + infrastructureProblems(data.resolve("infrastructure.log")));
        }
        // and it resumed on the kept data: the first run's alerts are still there, the run history counts both runs
        DemoSummary summary = DemoSummary.readFrom(summaryFile);
        assertThat(summary.drained()).as(secondRun).isTrue();
        assertThat(summary.cumulative().runs()).isEqualTo(2);
        assertThat(summary.cumulative().exact()).as("the first run was killed before its summary").isFalse();
        assertThat(summary.rowsByTable().get("public.alert")).isGreaterThanOrEqualTo(storedBeforeKill);
        assertThat(summary.scansProduced()).isPositive();
        // and its own database server stopped with it
        assertThat(data.resolve("postgres").resolve("pgdata").resolve("postmaster.pid")).doesNotExist();
        assertThat(Files.isDirectory(data.resolve("kafka"))).isTrue();
    }

    /** How long the restarted demo may take to recover and drain (Kafka Streams' restore after an unclean stop). */
    private static final Duration RECOVERY = Duration.ofMinutes(4);

    /** The last warnings and errors of the broker and the Kafka clients: why a task did not come back, if it did not. */
    private static String infrastructureProblems(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no " + log + ")";
        }
        List<String> problems;
        try (Stream<String> lines = Files.lines(log)) {
            problems = lines.filter(GatewatchProcess::isWarningOrError).toList();
        }
        return String.join("\n", problems.subList(Math.max(0, problems.size() - 60), problems.size()));
    }

    private static long alertRows(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM alert")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return 0; // not migrated yet
        }
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}

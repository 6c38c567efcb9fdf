package io.gatewatch.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code kill -9} of the JVM that owns an embedded PostgreSQL leaves behind (issue 14): the
 * server is a separate process and used to survive as an orphan holding the data directory, so
 * the next start on it failed until someone killed it by hand.
 */
class PostgresAfterKillIT {
    @TempDir
    Path dir;

    private final List<Long> postmasters = new ArrayList<>();

    @Test
    void shouldStopTheServerWhenItsOwnerIsKilled() throws Exception {
        // Given a JVM that owns a PostgreSQL server on the data directory
        long postmaster = startOwnerAndKillIt(false);

        // Then its watchdog stops the server without anyone's help
        await().atMost(Duration.ofSeconds(60)).until(() -> ProcessHandle.of(postmaster).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void shouldStopAServerOrphanedOnItsDataDirectoryAndStartOnIt() throws Exception {
        // Given a server left running on the data directory by a killed owner (no watchdog to stop it)
        long orphan = startOwnerAndKillIt(true);
        assertThat(ProcessHandle.of(orphan)).as("the orphan outlived its owner").hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

        // When a new owner starts on the same directory
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir, 0);
             Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM gate")) {
            // Then it comes up on the kept rows, and the orphan is gone
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("G1");
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }

    /** Starts {@link PostgresOwnerMain} in a child JVM, waits until it stored a row, kills it with SIGKILL; returns the postmaster's pid. */
    private long startOwnerAndKillIt(boolean withoutWatchdog) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PostgresOwnerMain.class.getName(), dir.toString()));
        if (withoutWatchdog) {
            command.add("--no-watchdog");
        }
        Process owner = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith("READY ")) {
                    long pid = Long.parseLong(line.substring(6).trim());
                    postmasters.add(pid);
                    owner.destroyForcibly(); // SIGKILL: no shutdown hook runs
                    assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    return pid;
                }
            }
            throw new AssertionError("The owner JVM ended before its server was up:\n" + seen);
        } finally {
            owner.destroyForcibly();
        }
    }

    @AfterEach
    void stopLeftovers() {
        postmasters.forEach(pid -> ProcessHandle.of(pid).ifPresent(p -> OrphanedPostgres.signal("INT", p, Duration.ofSeconds(30))));
    }
}

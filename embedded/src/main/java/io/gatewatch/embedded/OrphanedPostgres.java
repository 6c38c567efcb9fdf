package io.gatewatch.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server still running on a data directory whose owner is gone: the JVM that started
 * it was killed ({@code kill -9}, OOM killer, power button of a debugger) and its child postmaster
 * was re-parented instead of stopped. It keeps {@code postmaster.pid} and the port, so a new start
 * on the same directory would fail ("Gave up waiting for server to start").
 *
 * <p>Found through {@code postmaster.pid} (line 1 the postmaster's pid, line 2 its data
 * directory), and stopped only if that pid is alive, is a {@code postgres} executable and serves
 * this very data directory: a stale file whose pid was reused by something else is left to
 * PostgreSQL, which handles stale lock files itself. Stopping is PostgreSQL's fast shutdown
 * ({@code SIGINT}, what {@code pg_ctl stop -m fast} sends: open transactions roll back, the
 * checkpoint is written), escalated to {@code SIGQUIT} (immediate, crash recovery on the next
 * start) if it does not finish in time.
 */
final class OrphanedPostgres {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostgres.class);
    static final String PID_FILE = "postmaster.pid";
    private static final Duration FAST_SHUTDOWN = Duration.ofSeconds(30);
    private static final Duration IMMEDIATE_SHUTDOWN = Duration.ofSeconds(10);

    private OrphanedPostgres() {}

    /** The live postmaster serving {@code pgdata}, if there is one. */
    static Optional<ProcessHandle> find(Path pgdata) {
        Path pidFile = pgdata.resolve(PID_FILE);
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 2) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            Path servedDir = Path.of(lines.get(1).trim());
            if (!Files.exists(servedDir) || !Files.isSameFile(servedDir, pgdata)) {
                return Optional.empty();
            }
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(OrphanedPostgres::isPostgres);
        } catch (IOException | NumberFormatException e) {
            LOG.debug("Unreadable {}: {}", pidFile, e.toString());
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(c -> Path.of(c).getFileName().toString().equals("postgres")).orElse(false);
    }

    /**
     * Stops the postmaster left on {@code pgdata} by a killed owner, if any, and waits until it
     * has exited. Returns true if there was one.
     */
    static boolean stopIfRunning(Path pgdata) {
        Optional<ProcessHandle> orphan = find(pgdata);
        if (orphan.isEmpty()) {
            return false;
        }
        ProcessHandle postmaster = orphan.get();
        LOG.warn("A PostgreSQL server (pid {}) left by an earlier run still holds {}; stopping it (fast shutdown)",
                postmaster.pid(), pgdata);
        if (!signal("INT", postmaster, FAST_SHUTDOWN)) {
            LOG.warn("PostgreSQL pid {} did not stop within {} s; immediate shutdown", postmaster.pid(), FAST_SHUTDOWN.toSeconds());
            if (!signal("QUIT", postmaster, IMMEDIATE_SHUTDOWN)) {
                postmaster.destroyForcibly();
                awaitExit(postmaster, IMMEDIATE_SHUTDOWN);
            }
        }
        if (postmaster.isAlive()) {
            throw new IllegalStateException("PostgreSQL pid " + postmaster.pid() + " still holds " + pgdata + "; stop it by hand");
        }
        LOG.info("The earlier PostgreSQL server on {} has stopped", pgdata);
        return true;
    }

    /** Sends {@code kill -<signal>} (Java has no API for SIGINT/SIGQUIT) and waits for the exit. */
    static boolean signal(String signal, ProcessHandle process, Duration wait) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.debug("kill -{} {} failed: {}", signal, process.pid(), e.toString());
            process.destroy(); // SIGTERM: PostgreSQL's smart shutdown, enough once its clients are gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return awaitExit(process, wait);
    }

    private static boolean awaitExit(ProcessHandle process, Duration wait) {
        try {
            process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return !process.isAlive();
        }
    }
}

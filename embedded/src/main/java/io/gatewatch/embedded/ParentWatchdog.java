package io.gatewatch.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a server process die with the JVM that started it, even when that JVM is killed with
 * {@code kill -9} and runs no shutdown hook: a tiny {@code /bin/sh} loop, started beside the
 * server, polls the parent's pid once a second and, once the parent is gone, sends the server
 * {@code SIGINT} (PostgreSQL's fast shutdown). It signals only if the server's pid file still
 * names that pid, so a pid reused after a normal stop is never touched. {@link #close()} ends the
 * watchdog when the owner stops the server itself.
 *
 * <p>Where there is no {@code /bin/sh} (Windows) there is no watchdog; the start-up check for an
 * orphan ({@link OrphanedPostgres}) still covers a restart.
 */
final class ParentWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ParentWatchdog.class);
    private static final String SCRIPT =
            "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; "
            + "if [ \"$(head -n 1 \"$3\" 2>/dev/null)\" = \"$2\" ]; then kill -INT \"$2\" 2>/dev/null; fi";

    private final Process process;

    private ParentWatchdog(Process process) {
        this.process = process;
    }

    /**
     * Watches {@code parent}; when it is gone, sends {@code SIGINT} to {@code target} if the first
     * line of {@code pidFile} is still {@code target}'s pid. Empty where no {@code /bin/sh} exists.
     */
    static Optional<ParentWatchdog> start(long parent, long target, Path pidFile) {
        if (!new java.io.File("/bin/sh").canExecute()) {
            return Optional.empty();
        }
        try {
            Process sh = new ProcessBuilder("/bin/sh", "-c", SCRIPT, "gatewatch-watchdog", String.valueOf(parent),
                    String.valueOf(target), pidFile.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            sh.getOutputStream().close();
            return Optional.of(new ParentWatchdog(sh));
        } catch (IOException e) {
            LOG.warn("No watchdog for pid {}: {}", target, e.toString());
            return Optional.empty();
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }
}

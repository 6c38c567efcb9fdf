package io.gatewatch.bench.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One supervised JVM of the chaos suite: started from the suite's own class path with an
 * environment, its output appended to a log file, killed with {@code SIGKILL} on schedule and
 * started again by the supervisor (like {@code Restart=always} of a service manager) unless it
 * ended by itself with exit code 0 (a finished scenario).
 */
final class ChaosProcess {
    final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private Process process;
    private volatile boolean held;
    private volatile boolean finished;
    private int starts;
    private int unexpectedExits;

    ChaosProcess(String name, String mainClass, List<String> args, Map<String, String> env, Path logDir, String heap) {
        this.name = name;
        this.command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass));
        this.command.addAll(args);
        this.env = env;
        this.log = logDir.resolve(name + ".log");
    }

    synchronized void start() {
        try {
            Files.writeString(log, "=== start " + (starts + 1) + " at " + java.time.Instant.now() + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().keySet().removeIf(k -> k.startsWith("GATEWATCH_"));
            builder.environment().putAll(env);
            process = builder.start();
            starts++;
            held = false;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    /** {@code kill -9}; the supervisor starts it again unless {@code hold} (then {@link #start()} does). */
    synchronized void kill(boolean hold) throws InterruptedException {
        held = hold;
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait: the clean stop at the end of the run. */
    synchronized void stop() throws InterruptedException {
        held = true;
        if (process != null && process.isAlive()) {
            process.toHandle().destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The supervisor's check: restarts it if it died and is not held or finished; returns true if it did. */
    synchronized boolean superviseOnce() {
        if (held || finished || process == null || process.isAlive()) {
            return false;
        }
        if (process.exitValue() == 0) {
            finished = true;
            return false;
        }
        if (process.exitValue() != 137) { // 137: our own SIGKILL
            unexpectedExits++;
        }
        start();
        return true;
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    boolean finished() {
        return finished;
    }

    synchronized int starts() {
        return starts;
    }

    synchronized int unexpectedExits() {
        return unexpectedExits;
    }

    /** Waits until the log has a line containing {@code text} after the latest start. */
    void awaitLog(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (latestStartOutput().contains(text)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not log '" + text + "' within " + timeout + "; see " + log);
    }

    String latestStartOutput() {
        try {
            String all = Files.readString(log, StandardCharsets.ISO_8859_1);
            return all.substring(Math.max(0, all.lastIndexOf("=== start ")));
        } catch (IOException e) {
            return "";
        }
    }
}

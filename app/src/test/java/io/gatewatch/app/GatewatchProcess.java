package io.gatewatch.app;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The shaded jar run as a separate process ({@code java -jar app/target/gatewatch.jar ...}) with
 * an environment, for tests that drive GateWatch exactly as an operator does. Output (stdout and
 * stderr) is collected line by line; {@link #stop()} sends SIGTERM through the process handle
 * (Process.destroy() would also close our end of its output and lose its last lines).
 */
public final class GatewatchProcess implements AutoCloseable {
    public static final Path JAR = Path.of("target", "gatewatch.jar");

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private GatewatchProcess(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "gatewatch-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static GatewatchProcess start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("GATEWATCH_"));
        builder.environment().putAll(env);
        return new GatewatchProcess(builder.start());
    }

    /** Waits until a line containing {@code text} appears; fails with the output if the process ends first. */
    public String awaitLine(String text, Duration timeout) {
        await().atMost(timeout).until(() -> lines.stream().anyMatch(l -> l.contains(text)) || !process.isAlive());
        return lines.stream().filter(l -> l.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("No line with '" + text + "'; process output:\n" + report()));
    }

    public String output() {
        return String.join("\n", lines);
    }

    /**
     * What a failure message should show: the warnings, errors and state changes first (a long
     * output is cut from the end where it is shown, e.g. in CI's summary), then the whole output.
     */
    public String report() {
        return report("");
    }

    /** {@link #report()} with more evidence (e.g. a log file's warnings) after the notable lines, before the whole output. */
    public String report(String evidence) {
        List<String> notable = lines.stream().filter(GatewatchProcess::isNotable).toList();
        return "Warnings, errors and state changes:\n" + String.join("\n", notable)
                + (evidence.isEmpty() ? "" : "\n" + evidence) + "\n--- whole output ---\n" + output();
    }

    private static boolean isNotable(String line) {
        return isWarningOrError(line) || line.contains(" -> ") || line.contains("Exception") || line.contains(": restor");
    }

    /** A log line at WARN or ERROR, in GateWatch's console layout and the infrastructure log's alike. */
    public static boolean isWarningOrError(String line) {
        return line.contains(" WARN ") || line.contains(" ERROR ");
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, as Ctrl-C would; waits for the exit and returns the exit code. */
    public int stop() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("Did not stop within 60 s after SIGTERM:\n" + report());
        }
        reader.join(5_000);
        return process.exitValue();
    }

    /** SIGKILL, as {@code kill -9} or the OOM killer would: no shutdown hook runs. Waits for the exit. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("Still alive 30 s after SIGKILL");
        }
    }

    /** Waits for the process to end by itself; returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("Did not end within " + timeout + ":\n" + report());
        }
        reader.join(5_000);
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

package io.gatewatch.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka Streams instance of a harness application in a child JVM ({@code --instance-jvms}, see
 * {@link InstanceMain}): the harness's java, class path and heap/GC/logging flags, the instance's
 * settings as arguments, its log in a file. Its state, failure and reports arrive on its standard
 * output. Every child still alive when the harness exits, by any path, is killed by a shutdown
 * hook; a child whose harness dies without the hook (SIGKILL) sees its standard input end and stops.
 */
final class InstanceJvm implements AutoCloseable {
    static final String PREFIX = "@instance ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<InstanceJvm> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(jvm -> jvm.process.destroyForcibly()),
                "harness-instance-jvm-reaper"));
    }

    /** What an instance reports: its counters by name, its stream threads' CPU seconds, Kafka Streams' thread-time ratios. */
    record Report(Map<String, Double> counters, double streamThreadCpuSeconds, Map<String, List<Double>> threadTime) {}

    private final Process process;
    private final Path log;
    private final Writer commands;
    private final BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
    private volatile String state = "CREATED";
    private volatile String failure;

    private InstanceJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readOutput, "harness-instance-jvm-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts instance {@code kind} with its topology settings ({@code --set}) and Streams settings. */
    static InstanceJvm start(String kind, String registryUrl, Map<String, String> topologySettings, Map<String, Object> streamsSettings,
                             Path log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(inheritedJvmFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), InstanceMain.class.getName(), kind, registryUrl));
        topologySettings.forEach((k, v) -> command.addAll(List.of("--set", k + "=" + v)));
        streamsSettings.forEach((k, v) -> command.addAll(List.of("--streams", k + "=" + v)));
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            InstanceJvm jvm = new InstanceJvm(process, log);
            LIVE.add(jvm);
            return jvm;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start an instance JVM of " + kind, e);
        }
    }

    /** The harness's heap, GC and system-property flags (e.g. the log configuration), so both JVMs run alike. */
    static List<String> inheritedJvmFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xm") || a.startsWith("-XX:") || a.startsWith("-Dlogback.")).toList();
    }

    /** Process ids of the instance JVMs alive now: their CPU counts towards each phase's ({@link ResourceMeter}). */
    static List<Long> livePids() {
        return LIVE.stream().filter(j -> j.process.isAlive()).map(j -> j.process.pid()).toList();
    }

    long pid() {
        return process.pid();
    }

    String state() {
        return state;
    }

    /** Throws if the instance failed or its JVM ended. */
    void checkHealthy(String app) {
        if (failure != null) {
            throw new IllegalStateException("Streams application " + app + " failed in instance JVM " + pid() + ": " + failure);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("Instance JVM " + pid() + " of " + app + " exited with " + process.exitValue() + "; log "
                    + log + ":\n" + tail());
        }
        if (state.equals("ERROR") || state.equals("PENDING_ERROR") || state.equals("NOT_RUNNING")) {
            throw new IllegalStateException("Streams application " + app + " is " + state + " in instance JVM " + pid());
        }
    }

    /** Asks the instance for its counters and CPU now. */
    Report report() throws InterruptedException {
        reports.clear(); // a late answer to an earlier request
        send("report");
        Report report = reports.poll(30, TimeUnit.SECONDS);
        if (report == null) {
            throw new IllegalStateException("Instance JVM " + pid() + " did not report within 30 s; log " + log + ":\n" + tail());
        }
        return report;
    }

    /** Asks the instance to close its client and clean its state up (non-blocking; {@link #close()} waits). */
    void stop() {
        try {
            send("stop");
        } catch (UncheckedIOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        stop();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(this);
        }
    }

    private synchronized void send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Instance JVM " + pid() + " does not take commands", e);
        }
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith(PREFIX)) {
                    continue;
                }
                String message = line.substring(PREFIX.length());
                if (message.startsWith("state ")) {
                    state = message.substring("state ".length());
                } else if (message.startsWith("failed ")) {
                    failure = message.substring("failed ".length());
                } else if (message.startsWith("report ")) {
                    reports.put(JSON.readValue(message.substring("report ".length()), Report.class));
                }
            }
        } catch (IOException e) {
            // the process ended; checkHealthy tells
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}

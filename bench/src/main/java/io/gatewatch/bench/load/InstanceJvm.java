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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that runs Kafka Streams instances of the harness's applications
 * ({@code --instance-jvms}, see {@link InstanceMain}): the harness's java, class path and
 * heap/GC/logging flags, its log in a file. A run keeps one per slot (application and instance
 * number) from its first phase to its end, so the warm-up pass warms its JIT as it warms the
 * harness's; each phase starts a fresh instance in it and stops it again. Its state, failures and
 * reports arrive on its standard output. Every child still alive when the harness exits, by any
 * path, is killed by a shutdown hook; a child whose harness dies without the hook (SIGKILL) sees
 * its standard input end and exits.
 */
final class InstanceJvm {
    static final String PREFIX = "@instance ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, InstanceJvm> LIVE = new ConcurrentHashMap<>();
    private static final long TIMEOUT_SECONDS = 60;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.values().forEach(jvm -> jvm.process.destroyForcibly()),
                "harness-instance-jvm-reaper"));
    }

    /** What an instance is: the harness application it is ({@link InstanceMain#topology}), its --set keys and Streams settings. */
    record Spec(String kind, String registryUrl, Map<String, String> topologySettings, Map<String, String> streamsSettings) {}

    /** What an instance reports: its counters by name, its stream threads' CPU seconds, Kafka Streams' thread-time ratios. */
    record Report(Map<String, Double> counters, double streamThreadCpuSeconds, Map<String, List<Double>> threadTime) {
        /** Before any instance ran. */
        static final Report NONE = new Report(Map.of(), 0, Map.of());
    }

    private final String slot;
    private final Process process;
    private final Path log;
    private final Writer commands;
    private final BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
    private final BlockingQueue<Boolean> stops = new LinkedBlockingQueue<>();
    private final BlockingQueue<Boolean> prepared = new LinkedBlockingQueue<>();
    private volatile String state = "CREATED";
    private volatile String failure;

    private InstanceJvm(String slot, Process process, Path log) {
        this.slot = slot;
        this.process = process;
        this.log = log;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readOutput, "harness-instance-jvm-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** The live child JVM of {@code slot}, started (its log in {@code logDir}) if there is none. */
    static synchronized InstanceJvm forSlot(String slot, Path logDir) {
        InstanceJvm live = LIVE.get(slot);
        if (live != null && live.process.isAlive()) {
            return live;
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(inheritedJvmFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), InstanceMain.class.getName()));
        Path log = logDir.resolve("instance-jvm-" + slot + ".log");
        try {
            Files.createDirectories(logDir);
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            InstanceJvm jvm = new InstanceJvm(slot, process, log);
            LIVE.put(slot, jvm);
            return jvm;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the instance JVM of " + slot, e);
        }
    }

    /** The harness's heap, GC and log-configuration flags, so every JVM of the run runs alike. */
    static List<String> inheritedJvmFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xm") || a.startsWith("-XX:") || a.startsWith("-Dlogback.")).toList();
    }

    /** Process ids of the instance JVMs alive now: their CPU counts towards each phase's ({@link ResourceMeter}). */
    static List<Long> livePids() {
        return LIVE.values().stream().filter(j -> j.process.isAlive()).map(j -> j.process.pid()).toList();
    }

    /** Ends every instance JVM (end of input, then destroyForcibly if one does not exit in time): the end of a run. */
    static synchronized void closeAll() {
        for (InstanceJvm jvm : LIVE.values()) {
            try {
                jvm.commands.close(); // end of input: it closes its instance, if any, and exits
            } catch (IOException e) {
                // already gone
            }
        }
        for (InstanceJvm jvm : List.copyOf(LIVE.values())) {
            jvm.awaitExit();
        }
    }

    long pid() {
        return process.pid();
    }

    String state() {
        return state;
    }

    /** Builds a fresh instance without starting it (the previous one, if any, was stopped); {@link #awaitPrepared} waits. */
    void prepare(Spec spec) {
        state = "CREATED";
        failure = null;
        prepared.clear();
        try {
            send("prepare " + JSON.writeValueAsString(spec));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the instance is built (a new JVM's start-up included), so that {@link #run()} makes
     * it join its group together with the harness's own instance. Joining later, it would find the
     * other instance processing the backlog already: records done before the timed interval, and
     * stateful tasks that, once more than {@code acceptable.recovery.lag} ahead there, move to it
     * only as warm-up replicas until a probing rebalance.
     */
    void awaitPrepared(String app) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (prepared.poll(100, TimeUnit.MILLISECONDS) == null) {
            checkHealthy(app);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Instance JVM " + pid() + " did not prepare " + app + " within " + TIMEOUT_SECONDS + " s");
            }
        }
    }

    /** Starts the prepared instance. */
    void run() {
        send("run");
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
        Report report = reports.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (report == null) {
            throw new IllegalStateException("Instance JVM " + pid() + " did not report within " + TIMEOUT_SECONDS + " s; log " + log
                    + ":\n" + tail());
        }
        return report;
    }

    /** Asks the instance to close its client and clean its state up, without waiting ({@link #awaitStopped()} waits). */
    void requestStop() {
        stops.clear();
        try {
            send("stop");
        } catch (UncheckedIOException e) {
            // gone: nothing to stop
        }
    }

    /** Waits until the instance stopped; a JVM that does not answer in time is killed, and the next phase gets a new one. */
    void awaitStopped() {
        try {
            if (process.isAlive() && stops.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS) != null) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        awaitExit();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(slot, this);
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
                    reports.add(JSON.readValue(message.substring("report ".length()), Report.class));
                } else if (message.equals("prepared")) {
                    prepared.add(true);
                } else if (message.equals("stopped")) {
                    stops.add(true);
                }
            }
        } catch (IOException e) {
            // the process ended; checkHealthy tells
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

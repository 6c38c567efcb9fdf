package io.gatewatch.app;

import io.gatewatch.app.config.CommonConfig;
import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.app.metrics.Health;
import io.gatewatch.app.metrics.MetricsServer;
import io.gatewatch.app.metrics.ProcessMetrics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every long-running GateWatch process has: a {@link Lifecycle} closed by Ctrl-C/SIGTERM,
 * a meter registry with JVM metrics, and the /metrics, /health, /ready endpoint. A subcommand
 * starts its components, registers them, and calls {@link #runUntilStopped}.
 */
public final class ProcessRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRuntime.class);

    private final Lifecycle lifecycle;
    private final ProcessMetrics metrics;
    private final Health health = new Health();
    private final MetricsServer server;
    private final AtomicReference<String> failure = new AtomicReference<>();

    private ProcessRuntime(String process, ResolvedConfig config) {
        lifecycle = new Lifecycle(Duration.ofMillis(config.getLong(CommonConfig.SHUTDOWN_TIMEOUT_MS)));
        lifecycle.installShutdownHook();
        metrics = lifecycle.register("metrics registry", new ProcessMetrics(process));
        server = config.getBoolean(CommonConfig.METRICS_ENABLED)
                ? lifecycle.register("metrics endpoint", MetricsServer.start(config.httpServer(CommonConfig.METRICS_PREFIX),
                        metrics.registry(), health))
                : null;
    }

    public static ProcessRuntime start(String process, ResolvedConfig config) {
        return new ProcessRuntime(process, config);
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    public ProcessMetrics metrics() {
        return metrics;
    }

    public Health health() {
        return health;
    }

    /** The metrics endpoint's base URL, or null when disabled. */
    public String metricsUrl() {
        return server == null ? null : server.url();
    }

    /** Marks the process failed (e.g. its Streams client died) and stops it; the exit code becomes 1. */
    public void fail(String why) {
        if (failure.compareAndSet(null, why)) {
            LOG.error("Stopping: {}", why);
        }
        lifecycle.requestStop();
    }

    /** Waits until a component that can stop on its own (a sink, a notifier) has stopped. */
    @FunctionalInterface
    public interface Termination {
        void await() throws InterruptedException;
    }

    /**
     * Watches a component that can stop on its own: once {@code termination} returns, fails the
     * process (exit 1) with the reason {@code failure} gives, or lets it run on when that is null.
     * The watcher is a daemon thread named after the component.
     */
    public void failWhenStopped(String component, Termination termination, Supplier<String> failure) {
        Thread watcher = new Thread(() -> {
            try {
                termination.await();
                String why = failure.get();
                if (why != null) {
                    fail(why);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gatewatch-" + component + "-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Prints a ready line, waits for Ctrl-C/SIGTERM or a failure, then closes everything. Returns the exit code. */
    public int runUntilStopped(PrintWriter out, String readyMessage) throws InterruptedException {
        out.println(readyMessage + (server == null ? "" : " Metrics: " + server.url() + "/metrics") + " (Ctrl-C stops)");
        out.flush();
        lifecycle.awaitStop(Duration.ZERO);
        close();
        return failure.get() == null ? 0 : GatewatchCli.EXIT_FAILURE;
    }

    @Override
    public void close() {
        lifecycle.close();
    }
}

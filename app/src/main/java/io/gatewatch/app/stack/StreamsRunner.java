package io.gatewatch.app.stack;

import io.gatewatch.app.metrics.Health;
import io.gatewatch.app.metrics.ProcessMetrics;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one topology as a {@link KafkaStreams} instance: the wiring that topology classes leave
 * out on purpose. Binds its metrics, registers liveness (not ERROR, not shutting down on its own)
 * and readiness (RUNNING), logs the topology description once, and closes with a bounded wait.
 *
 * <p>An exception escaping a stream thread shuts this client down ({@code SHUTDOWN_CLIENT}) rather
 * than replacing the thread: with exactly-once a poison pill would otherwise loop forever, and a
 * dead client is visible (liveness DOWN, the process exits non-zero) so an orchestrator restarts it.
 */
public final class StreamsRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    private final String name;
    private final KafkaStreams streams;
    private final Duration closeTimeout;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private StreamsRunner(String name, KafkaStreams streams, Duration closeTimeout) {
        this.name = name;
        this.streams = streams;
        this.closeTimeout = closeTimeout;
    }

    /**
     * Starts {@code topology} with {@code props} (application.id, bootstrap servers, state.dir
     * and the rest already set). {@code onFailure} runs once if the client dies.
     */
    public static StreamsRunner start(String name, Topology topology, Properties props, ProcessMetrics metrics, Health health,
                                      Duration closeTimeout, Runnable onFailure) {
        LOG.debug("Topology {}:\n{}", name, topology.describe());
        KafkaStreams streams = new KafkaStreams(topology, props);
        StreamsRunner runner = new StreamsRunner(name, streams, closeTimeout);
        streams.setUncaughtExceptionHandler(e -> {
            runner.failure.compareAndSet(null, e);
            LOG.error("Streams app {} failed; shutting it down", name, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("Streams app {}: {} -> {}", name, before, now);
            if (now == State.ERROR) {
                onFailure.run();
            }
        });
        streams.setGlobalStateRestoreListener(new RestoreLog(name));
        metrics.bind(streams);
        health.addLivenessCheck("streams-" + name, () -> streams.state() != State.ERROR && streams.state() != State.PENDING_ERROR);
        health.addReadinessCheck("streams-" + name, () -> streams.state() == State.RUNNING);
        streams.start();
        return runner;
    }

    public String name() {
        return name;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The exception that killed the client, if one did. */
    public Throwable failure() {
        return failure.get();
    }

    public boolean failed() {
        return streams.state() == State.ERROR || failure.get() != null;
    }

    @Override
    public void close() {
        if (!streams.close(closeTimeout)) {
            LOG.warn("Streams app {} did not close within {} ms", name, closeTimeout.toMillis());
        }
    }
}

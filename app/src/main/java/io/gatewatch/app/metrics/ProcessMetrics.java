package io.gatewatch.app.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meter registry of one process: Prometheus-backed, with JVM metrics (memory, GC, threads,
 * class loading, processor, uptime) bound at creation and Kafka client / Kafka Streams metrics
 * bound per client. Every binder that holds resources is closed by {@link #close()}, in reverse
 * order, before the registry itself. GateWatch's own meters (names in
 * {@code io.gatewatch.schema.MetricNames}) are registered by the engines on {@link #registry()}.
 */
public final class ProcessMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessMetrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Deque<AutoCloseable> binders = new ArrayDeque<>();

    /** A registry tagged {@code process=<process>} on every meter, with JVM metrics bound. */
    public ProcessMetrics(String process) {
        registry.config().commonTags("process", process);
        bind(new ClassLoaderMetrics());
        bind(new JvmMemoryMetrics());
        bind(new JvmGcMetrics());
        bind(new JvmThreadMetrics());
        bind(new ProcessorMetrics());
        bind(new UptimeMetrics());
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public MeterRegistry meterRegistry() {
        return registry;
    }

    /** Binds a Kafka Streams instance's metrics (its embedded clients included) until {@link #close()}. */
    public void bind(KafkaStreams streams) {
        bind(new KafkaStreamsMetrics(streams));
    }

    public void bind(Producer<?, ?> producer) {
        bind(new KafkaClientMetrics(producer));
    }

    public void bind(Consumer<?, ?> consumer) {
        bind(new KafkaClientMetrics(consumer));
    }

    private synchronized void bind(MeterBinder binder) {
        binder.bindTo(registry);
        if (binder instanceof AutoCloseable closeable) {
            binders.push(closeable);
        }
    }

    /** The exposition text, in the Prometheus 0.0.4 text format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public synchronized void close() {
        while (!binders.isEmpty()) {
            AutoCloseable binder = binders.pop();
            try {
                binder.close();
            } catch (Exception e) {
                LOG.warn("Metrics binder {} did not close cleanly: {}", binder.getClass().getSimpleName(), e.toString());
            }
        }
        registry.close();
    }
}

package io.gatewatch.app.metrics;

import io.gatewatch.schema.MetricNames;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
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
import java.time.Duration;
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

    static final Duration[] ALERT_LATENCY_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1),
        Duration.ofHours(6), Duration.ofDays(1)};
    static final Duration[] SINK_LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Deque<AutoCloseable> binders = new ArrayDeque<>();

    /** A registry tagged {@code process=<process>} on every meter, with JVM metrics bound. */
    public ProcessMetrics(String process) {
        registry.config().commonTags("process", process);
        registry.config().meterFilter(latencyBuckets(MetricNames.ALERT_LATENCY, ALERT_LATENCY_BUCKETS));
        registry.config().meterFilter(latencyBuckets(MetricNames.SINK_BATCH_LATENCY, SINK_LATENCY_BUCKETS));
        bind(new ClassLoaderMetrics());
        bind(new JvmMemoryMetrics());
        bind(new JvmGcMetrics());
        bind(new JvmThreadMetrics());
        bind(new ProcessorMetrics());
        bind(new UptimeMetrics());
    }

    /**
     * Fixed histogram buckets for the latencies dashboards and alerts take quantiles of, whatever
     * the engines ask for: few enough to keep the series count low, wide enough that a scan
     * uploaded hours late still lands in a finite bucket.
     */
    private static MeterFilter latencyBuckets(String name, Duration... buckets) {
        double[] nanos = java.util.Arrays.stream(buckets).mapToDouble(Duration::toNanos).toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(name)) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(false).percentiles()
                        .serviceLevelObjectives(nanos).build().merge(config);
            }
        };
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

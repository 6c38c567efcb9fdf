package io.gatewatch.sinks.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Publishes a sink consumer's own Kafka client metrics (fetch rate, {@code records-lag-max}, commit
 * latency...) to the process's registry, so lag alerts ({@code ConsumerLagHigh} in
 * {@code ops/prometheus/rules.yml}) and dashboards cover the sinks as they cover the Streams
 * threads. Tagged by the consumer's {@code client.id}.
 */
public final class ConsumerMetrics implements AutoCloseable {
    private final KafkaClientMetrics binder;

    private ConsumerMetrics(KafkaClientMetrics binder) {
        this.binder = binder;
    }

    /** Binds until {@link #close()}; close it after the consumer's loop has ended. */
    public static ConsumerMetrics bind(Consumer<?, ?> consumer, MeterRegistry meters) {
        KafkaClientMetrics binder = new KafkaClientMetrics(consumer);
        binder.bindTo(meters);
        return new ConsumerMetrics(binder);
    }

    @Override
    public void close() {
        binder.close();
    }
}

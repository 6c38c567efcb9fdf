package io.gatewatch.producers.json;

import io.gatewatch.schema.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The {@link MetricNames#INGEST_REQUESTS} counter of one channel, one counter per outcome,
 * registered up front so dashboards see zeros rather than gaps. Tags: {@code channel}, {@code outcome}.
 */
public final class IngestMetrics {

    /** The fixed outcome tag values (see {@link MetricNames#INGEST_REQUESTS}). */
    public enum Outcome {
        /** On Kafka (and, for MQTT, acknowledged). */
        ACCEPTED,
        /** Refused by validation or size (HTTP 400/413; MQTT: written to the rejected topic). */
        INVALID,
        /** Missing/unknown token (401) or a source the client may not send (403). */
        UNAUTHORIZED,
        /** Over the in-flight limits (HTTP 429). */
        THROTTLED,
        /** Kafka did not acknowledge in time (HTTP 503; MQTT: a failed attempt, retried). */
        FAILED;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

    public IngestMetrics(MeterRegistry registry, String channel) {
        for (Outcome outcome : Outcome.values()) {
            counters.put(outcome, Counter.builder(MetricNames.INGEST_REQUESTS)
                    .description("Ingest requests (HTTP) or messages (MQTT) by outcome")
                    .tag("channel", channel)
                    .tag("outcome", outcome.tag())
                    .register(registry));
        }
    }

    public void count(Outcome outcome) {
        counters.get(outcome).increment();
    }
}

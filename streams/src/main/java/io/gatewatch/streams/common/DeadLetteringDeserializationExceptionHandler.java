package io.gatewatch.streams.common;

import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the pipeline running when a record's bytes cannot be read, without losing them: the raw
 * key and value go to the dead-letter topic ({@link Topics#SCANS_REJECTED} unless configured)
 * with the {@link RejectedRecords} headers and reason {@value RejectedRecords#UNDESERIALIZABLE},
 * and are counted in {@link MetricNames#SCANS_REJECTED}.
 *
 * <p>Uses Kafka Streams' own dead-letter support (KIP-1034,
 * {@link Response#resume(List)}): the dead letter is sent through the task's record collector,
 * so under {@code exactly_once_v2} it is committed in the same transaction as the input offset —
 * a bad record is dead-lettered exactly once, never lost and never skipped without a trace.
 *
 * <p>Only records of the configured {@value #SOURCE_TOPICS_CONFIG} are dead-lettered (by default
 * the scans topic: the rejected topic is documented as refused <em>scans</em>). Bad bytes on any
 * other topic (for example a corrupt device registration read by a global table, where Kafka
 * Streams has no record collector to send a dead letter with) are skipped and logged; Kafka
 * Streams' {@code dropped-records} metric counts them.
 *
 * <p>Configured by Kafka Streams from the application properties; the Micrometer registry is
 * passed as an object under {@value #METER_REGISTRY_CONFIG} (see {@link StreamsSettings}).
 */
public class DeadLetteringDeserializationExceptionHandler implements DeserializationExceptionHandler {
    /** The {@link MeterRegistry} instance to count in (required). */
    public static final String METER_REGISTRY_CONFIG = "gatewatch.meter.registry";
    /** Topic the dead letters go to. */
    public static final String DEAD_LETTER_TOPIC_CONFIG = "gatewatch.dead.letter.topic";
    /** Comma-separated source topics whose bad records are dead-lettered. */
    public static final String SOURCE_TOPICS_CONFIG = "gatewatch.dead.letter.source.topics";
    /** {@code gatewatch.reject.by} header value. */
    public static final String REJECTED_BY_CONFIG = "gatewatch.dead.letter.rejected.by";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringDeserializationExceptionHandler.class);

    private String deadLetterTopic = Topics.SCANS_REJECTED;
    private Set<String> sourceTopics = Set.of(Topics.SCANS);
    private String rejectedBy = RejectedRecords.REJECTED_BY_SCREENING;
    private Counter rejected;

    @Override
    public void configure(Map<String, ?> configs) {
        Object registry = configs.get(METER_REGISTRY_CONFIG);
        if (!(registry instanceof MeterRegistry meterRegistry)) {
            throw new ConfigException(METER_REGISTRY_CONFIG, registry == null ? null : registry.getClass().getName(),
                    "a Micrometer MeterRegistry instance is required to count dead letters");
        }
        rejected = Counter.builder(MetricNames.SCANS_REJECTED)
                .description("Scans refused, by reason")
                .tag("reason", RejectedRecords.UNDESERIALIZABLE)
                .register(meterRegistry);
        Object topic = configs.get(DEAD_LETTER_TOPIC_CONFIG);
        if (topic != null) {
            deadLetterTopic = topic.toString();
        }
        Object sources = configs.get(SOURCE_TOPICS_CONFIG);
        if (sources != null) {
            sourceTopics = Set.of(sources.toString().trim().split("\\s*,\\s*"));
        }
        Object by = configs.get(REJECTED_BY_CONFIG);
        if (by != null) {
            rejectedBy = by.toString();
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (rejected == null) {
            throw new IllegalStateException("DeadLetteringDeserializationExceptionHandler used before configure()");
        }
        if (!sourceTopics.contains(record.topic())) {
            LOG.warn("Skipping undeserialisable record topic={} partition={} offset={}: {}",
                    record.topic(), record.partition(), record.offset(), exception.toString());
            return Response.resume();
        }
        rejected.increment();
        LOG.debug("Dead-lettering undeserialisable record topic={} partition={} offset={}",
                record.topic(), record.partition(), record.offset());
        var headers = RejectedRecords.headers(record.headers(), rejectedBy, record.topic(), record.partition(),
                record.offset(), RejectedRecords.UNDESERIALIZABLE, String.valueOf(exception.getMessage()), Instant.now());
        ProducerRecord<byte[], byte[]> deadLetter = new ProducerRecord<>(deadLetterTopic, null,
                record.timestamp() >= 0 ? record.timestamp() : null, record.key(), record.value(), headers);
        return Response.resume(List.of(deadLetter));
    }
}

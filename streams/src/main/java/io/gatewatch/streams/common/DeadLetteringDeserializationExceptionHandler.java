package io.gatewatch.streams.common;

import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.RejectReason;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.OversizedRecordException;
import io.gatewatch.serde.RegistryUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the pipeline running when a record's bytes cannot be read, without losing them: the raw
 * key and value go to the dead-letter topic ({@link Topics#SCANS_REJECTED} unless configured)
 * with the {@link RejectedRecords} headers and reason {@code undeserializable} (or
 * {@code record_too_large} when the serde refused the record for its size, see
 * {@link OversizedRecordException}), and are counted in {@link MetricNames#SCANS_REJECTED}.
 *
 * <p>What the counter counts: source records dead-lettered, once per record and process. After a
 * fence or a crash under {@code exactly_once_v2}, the aborted transaction's records are read and
 * handled again; those at or below the highest offset already counted for their partition are not
 * counted again (before, a fence made 107 bad records count 173 times). A task that moves to
 * another process is counted again there; the rejected topic is the record of truth.
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
    private Counter undeserializable;
    private Counter tooLarge;
    /**
     * Highest offset counted per (application, source partition), per meter registry: shared by the
     * handler instances of one process, because Kafka Streams creates a new one when it re-creates a
     * task after a fence, and the replay must not be counted again.
     */
    private static final Map<MeterRegistry, Map<String, Long>> COUNTED = Collections.synchronizedMap(new WeakHashMap<>());
    private Map<String, Long> highestCounted;
    private String applicationId = "";

    @Override
    public void configure(Map<String, ?> configs) {
        Object registry = configs.get(METER_REGISTRY_CONFIG);
        if (!(registry instanceof MeterRegistry meterRegistry)) {
            throw new ConfigException(METER_REGISTRY_CONFIG, registry == null ? null : registry.getClass().getName(),
                    "a Micrometer MeterRegistry instance is required to count dead letters");
        }
        highestCounted = COUNTED.computeIfAbsent(meterRegistry, r -> new ConcurrentHashMap<>());
        Object application = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        if (application != null) {
            applicationId = application.toString();
        }
        undeserializable = counter(meterRegistry, RejectReason.UNDESERIALIZABLE);
        tooLarge = counter(meterRegistry, RejectReason.RECORD_TOO_LARGE);
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
        if (undeserializable == null) {
            throw new IllegalStateException("DeadLetteringDeserializationExceptionHandler used before configure()");
        }
        if (!sourceTopics.contains(record.topic())) {
            LOG.warn("Skipping undeserialisable record topic={} partition={} offset={}: {}",
                    record.topic(), record.partition(), record.offset(), exception.toString());
            return Response.resume();
        }
        if (RegistryUnavailableException.isCause(exception)) {
            // the registry is down, not the record bad: stop without committing; a restart reads it again
            LOG.error("Schema registry unavailable while reading topic={} partition={} offset={}; stopping instead of "
                    + "dead-lettering a readable record: {}", record.topic(), record.partition(), record.offset(), exception.getMessage());
            return Response.fail();
        }
        RejectReason reason = reasonFor(exception);
        if (firstAttempt(record)) {
            (reason == RejectReason.RECORD_TOO_LARGE ? tooLarge : undeserializable).increment();
        }
        LOG.debug("Dead-lettering undeserialisable record topic={} partition={} offset={} reason={}",
                record.topic(), record.partition(), record.offset(), reason.code());
        var headers = RejectedRecords.headers(record.headers(), rejectedBy, record.topic(), record.partition(),
                record.offset(), reason.code(), String.valueOf(exception.getMessage()), Instant.now());
        ProducerRecord<byte[], byte[]> deadLetter = new ProducerRecord<>(deadLetterTopic, null,
                record.timestamp() >= 0 ? record.timestamp() : null, record.key(), record.value(), headers);
        return Response.resume(List.of(deadLetter));
    }

    /** {@code record_too_large} when the serde refused the record for its size, else {@code undeserializable}. */
    static RejectReason reasonFor(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof OversizedRecordException) {
                return RejectReason.RECORD_TOO_LARGE;
            }
        }
        return RejectReason.UNDESERIALIZABLE;
    }

    /**
     * Whether this record is seen for the first time by this handler. Offsets of a partition only
     * grow, except when a task replays after an aborted transaction (a fence, a crash): records at
     * or below the highest offset already dead-lettered were counted then.
     */
    private boolean firstAttempt(ConsumerRecord<byte[], byte[]> record) {
        String partition = applicationId + '/' + record.topic() + '/' + record.partition();
        Long highest = highestCounted.get(partition);
        if (highest != null && record.offset() <= highest) {
            return false;
        }
        // a partition is processed by one task on one thread at a time: no lost update to fear
        highestCounted.put(partition, record.offset());
        return true;
    }

    private static Counter counter(MeterRegistry registry, RejectReason reason) {
        return Counter.builder(MetricNames.SCANS_REJECTED)
                .description("Scans refused, by reason")
                .tag("reason", reason.code())
                .register(registry);
    }
}

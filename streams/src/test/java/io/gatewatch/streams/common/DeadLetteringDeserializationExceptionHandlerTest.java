package io.gatewatch.streams.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.RejectedRecordHeaders;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.OversizedRecordException;
import io.gatewatch.serde.RegistryUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.junit.jupiter.api.Test;

class DeadLetteringDeserializationExceptionHandlerTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void shouldDeadLetterRawBytesOfAScanWithReasonAndSourceAndResume() {
        // Given a configured handler and an unreadable scan at partition 3, offset 42
        DeadLetteringDeserializationExceptionHandler handler = configured(Map.of());
        ConsumerRecord<byte[], byte[]> bad = new ConsumerRecord<>(Topics.SCANS, 3, 42L, bytes("k"), bytes("garbage"));

        // When it is handled
        Response response = handler.handleError(null, bad, new SerializationException("unknown magic byte"));

        // Then the pipeline resumes with exactly one dead letter holding the original bytes
        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo(Topics.SCANS_REJECTED);
        assertThat(dead.key()).isEqualTo(bytes("k"));
        assertThat(dead.value()).isEqualTo(bytes("garbage"));
        assertThat(RejectedRecords.value(dead.headers(), RejectedRecordHeaders.REASON)).isEqualTo("undeserializable");
        assertThat(RejectedRecords.value(dead.headers(), RejectedRecordHeaders.SOURCE_PARTITION)).isEqualTo("3");
        assertThat(RejectedRecords.value(dead.headers(), RejectedRecordHeaders.SOURCE_OFFSET)).isEqualTo("42");
        assertThat(RejectedRecords.value(dead.headers(), RejectedRecordHeaders.MESSAGE)).isEqualTo("unknown magic byte");
        assertThat(meters.get(MetricNames.SCANS_REJECTED).tag("reason", "undeserializable").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldSkipWithoutDeadLetterForTopicsItDoesNotDeadLetter() {
        // Given an unreadable device registration (a global table has no record collector for dead letters)
        DeadLetteringDeserializationExceptionHandler handler = configured(Map.of());
        ConsumerRecord<byte[], byte[]> bad = new ConsumerRecord<>(Topics.DEVICES, 0, 1L, bytes("k"), bytes("garbage"));

        Response response = handler.handleError(null, bad, new SerializationException("bad"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(meters.get(MetricNames.SCANS_REJECTED).tag("reason", "undeserializable").counter().count()).isZero();
    }

    @Test
    void shouldDeadLetterToTheConfiguredTopicForTheConfiguredSources() {
        DeadLetteringDeserializationExceptionHandler handler = configured(Map.of(
                DeadLetteringDeserializationExceptionHandler.DEAD_LETTER_TOPIC_CONFIG, "other.dlq",
                DeadLetteringDeserializationExceptionHandler.SOURCE_TOPICS_CONFIG, "a, b"));

        Response response = handler.handleError(null, new ConsumerRecord<>("b", 0, 0L, null, bytes("x")), new RuntimeException("x"));

        assertThat(response.deadLetterQueueRecords()).extracting(ProducerRecord::topic).containsExactly("other.dlq");
    }

    @Test
    void shouldRefuseToStartWithoutAMeterRegistry() {
        DeadLetteringDeserializationExceptionHandler handler = new DeadLetteringDeserializationExceptionHandler();

        assertThatThrownBy(() -> handler.configure(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(DeadLetteringDeserializationExceptionHandler.METER_REGISTRY_CONFIG);
    }

    @Test
    void shouldCountARecordReplayedAfterAFenceOnce() {
        // Given two undeserialisable records dead-lettered, then the aborted transaction replayed by a new handler instance
        ConsumerRecord<byte[], byte[]> first = new ConsumerRecord<>(Topics.SCANS, 0, 7L, bytes("k"), bytes("garbage"));
        ConsumerRecord<byte[], byte[]> second = new ConsumerRecord<>(Topics.SCANS, 0, 8L, bytes("k"), bytes("garbage"));
        DeadLetteringDeserializationExceptionHandler beforeFence = configured(Map.of());
        beforeFence.handleError(null, first, new SerializationException("bad"));
        beforeFence.handleError(null, second, new SerializationException("bad"));

        // When the same records are handled again after the fence
        DeadLetteringDeserializationExceptionHandler afterFence = configured(Map.of());
        Response replay = afterFence.handleError(null, first, new SerializationException("bad"));
        afterFence.handleError(null, second, new SerializationException("bad"));

        // Then they are dead-lettered again (the first letters were aborted) but counted once each
        assertThat(replay.deadLetterQueueRecords()).hasSize(1);
        assertThat(meters.get(MetricNames.SCANS_REJECTED).tag("reason", "undeserializable").counter().count()).isEqualTo(2.0);
    }

    @Test
    void shouldDeadLetterAnOversizedRecordWithItsOwnReason() {
        // Given a record the serde refused for its size
        DeadLetteringDeserializationExceptionHandler handler = configured(Map.of());
        ConsumerRecord<byte[], byte[]> big = new ConsumerRecord<>(Topics.SCANS, 1, 3L, bytes("k"), new byte[64]);

        // When it is handled
        Response response = handler.handleError(null, big, new OversizedRecordException("64 bytes is more than 32"));

        // Then it is dead-lettered with reason record_too_large and counted under it
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(RejectedRecords.value(dead.headers(), RejectedRecordHeaders.REASON)).isEqualTo("record_too_large");
        assertThat(meters.get(MetricNames.SCANS_REJECTED).tag("reason", "record_too_large").counter().count()).isEqualTo(1.0);
        assertThat(meters.get(MetricNames.SCANS_REJECTED).tag("reason", "undeserializable").counter().count()).isZero();
    }

    @Test
    void shouldStopInsteadOfDeadLetteringWhenTheRegistryIsDown() {
        // Given a readable scan whose writer schema cannot be fetched: the registry does not answer
        DeadLetteringDeserializationExceptionHandler handler = configured(Map.of());
        ConsumerRecord<byte[], byte[]> readable = new ConsumerRecord<>(Topics.SCANS, 2, 7L, bytes("k"), bytes("framed scan"));

        // When it is handled
        Response response = handler.handleError(null, readable,
                new RegistryUnavailableException("cannot fetch schema id 1 from the registry", null));

        // Then the app stops without committing (a restart reads it again) and nothing is set aside or counted
        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(meters.get(MetricNames.SCANS_REJECTED).tag("reason", "undeserializable").counter().count()).isZero();
    }

    private DeadLetteringDeserializationExceptionHandler configured(Map<String, Object> extra) {
        DeadLetteringDeserializationExceptionHandler handler = new DeadLetteringDeserializationExceptionHandler();
        Map<String, Object> configs = new java.util.HashMap<>(extra);
        configs.put(DeadLetteringDeserializationExceptionHandler.METER_REGISTRY_CONFIG, meters);
        handler.configure(configs);
        return handler;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package io.gatewatch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** When a phase counts as done, and how the profile attributes a stack. */
class PhaseBookkeepingTest {
    private static final TopicPartition P0 = new TopicPartition("gatewatch.scans", 0);
    private static final TopicPartition P1 = new TopicPartition("gatewatch.scans", 1);

    @Test
    void shouldBeConsumedOnlyWhenEveryPartitionIsAtItsEnd() {
        assertThat(RunningApp.consumed(Map.of(P0, 0L, P1, 0L), false)).isTrue();
        assertThat(RunningApp.consumed(Map.of(P0, 0L, P1, 3L), true)).isFalse();
        assertThat(RunningApp.consumed(null, false)).as("broker did not answer").isFalse();
        assertThat(RunningApp.consumed(Map.of(), false)).as("no partitions yet").isFalse();
    }

    @Test
    void shouldToleratePastATrailingTransactionMarkerOnlyUnderExactlyOnce() {
        assertThat(RunningApp.consumed(Map.of(P0, 1L, P1, 0L), true)).isTrue();
        assertThat(RunningApp.consumed(Map.of(P0, 1L, P1, 0L), false)).isFalse();
        assertThat(RunningApp.allConsumed(List.of(Map.of(P0, 0L), Map.of(P1, 1L)), true)).isTrue();
        assertThat(RunningApp.totalLag(Map.of(P0, 2L, P1, 3L))).isEqualTo(5);
        assertThat(RunningApp.totalLag(null)).isEqualTo(-1);
    }

    @Test
    void shouldAttributeASampleToItsInnermostComponent() {
        List<String> topDown = List.of("org.apache.avro.io.BinaryDecoder.readString", "io.gatewatch.serde.AvroDeserializer.deserialize",
                "io.gatewatch.streams.screening.ClassifyProcessor.process", "org.apache.kafka.streams.processor.internals.StreamTask.process");

        assertThat(JfrProfile.component(topDown, JfrProfile.components())).isEqualTo("Avro deserialisation");
        assertThat(JfrProfile.component(List.of("java.util.HashMap.get"), JfrProfile.components())).isEqualTo("other (Streams internals, JDK)");
    }

    @Test
    void shouldGroupThreads() {
        assertThat(JfrProfile.threadGroup("bench-screening-x-1234-StreamThread-1")).isEqualTo("stream thread(s)");
        assertThat(JfrProfile.threadGroup("kafka-producer-network-thread | bench-screening-x-StreamThread-1-producer"))
                .isEqualTo("streams producer network");
        assertThat(JfrProfile.threadGroup("bench-screening-x-GlobalStreamThread")).isEqualTo("global stream thread");
        assertThat(JfrProfile.isStreamThread("bench-screening-x-GlobalStreamThread")).isFalse();
        assertThat(JfrProfile.shares(Map.of("a", 1, "b", 3), 4, 10)).containsExactly(Map.entry("b", 75.0), Map.entry("a", 25.0));
    }
}

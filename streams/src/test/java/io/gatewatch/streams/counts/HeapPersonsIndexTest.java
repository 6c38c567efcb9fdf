package io.gatewatch.streams.counts;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.AreaLevel;
import io.gatewatch.schema.WindowSize;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/** Counts' persons index on the heap: one compact map per open window, dropped when it closes. */
class HeapPersonsIndexTest {
    private static final long HOUR_10 = 1_710_036_000_000L;
    private static final long HOUR_11 = HOUR_10 + 3_600_000L;
    private static final long DAY = HOUR_10 - 10 * 3_600_000L;

    private final HeapPersonsIndex index = new HeapPersonsIndex(AreaCountsSupplier.PERSONS_STORE);

    @Test
    void shouldHoldEachPersonsSightingsPerWindow() {
        index.put(person(WindowSize.HOUR, HOUR_10, "p1"), sightings("V1"));
        index.put(person(WindowSize.DAY, DAY, "p1"), sightings("V1,V2"));

        assertThat(text(index.get(person(WindowSize.HOUR, HOUR_10, "p1")))).isEqualTo("V1");
        assertThat(text(index.get(person(WindowSize.DAY, DAY, "p1")))).isEqualTo("V1,V2");
        assertThat(index.get(person(WindowSize.HOUR, HOUR_11, "p1"))).as("another hour").isNull();
        assertThat(index.get(person(WindowSize.HOUR, HOUR_10, "p2"))).as("another person").isNull();
    }

    @Test
    void shouldTakeAPersonsGrownSightings() {
        index.put(person(WindowSize.HOUR, HOUR_10, "p1"), sightings("V1"));
        index.put(person(WindowSize.HOUR, HOUR_10, "p1"), sightings("V1,V2,CP-7"));

        assertThat(text(index.get(person(WindowSize.HOUR, HOUR_10, "p1")))).isEqualTo("V1,V2,CP-7");
        assertThat(index.entries()).isEqualTo(1);
    }

    @Test
    void shouldForgetAClosedWindowsPersonsAndNoOthers() {
        index.put(person(WindowSize.HOUR, HOUR_10, "p1"), sightings("V1"));
        index.put(person(WindowSize.HOUR, HOUR_11, "p1"), sightings("V1"));
        index.put(person(WindowSize.DAY, DAY, "p1"), sightings("V1"));

        index.forgetWindow(WindowSize.HOUR, HOUR_10);

        assertThat(index.get(person(WindowSize.HOUR, HOUR_10, "p1"))).isNull();
        assertThat(index.get(person(WindowSize.HOUR, HOUR_11, "p1"))).isNotNull();
        assertThat(index.get(person(WindowSize.DAY, DAY, "p1"))).isNotNull();
        assertThat(index.entries()).isEqualTo(2);
    }

    @Test
    void shouldComeBackEmptyWhenReopenedAsAfterARestart() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        index.init(context.getStateStoreContext(), index);
        index.put(person(WindowSize.HOUR, HOUR_10, "p1"), sightings("V1"));
        index.markHeldThrough(3);

        index.close();
        index.init(context.getStateStoreContext(), index);

        assertThat(index.get(person(WindowSize.HOUR, HOUR_10, "p1"))).isNull();
        assertThat(index.heldThrough()).as("the journal is replayed in full").isEqualTo(PersonsIndex.NONE);
    }

    @Test
    void shouldNeedFarLessThanKafkaStreamsInMemoryStorePerPerson() {
        int persons = 100_000;
        for (int i = 0; i < persons; i++) {
            String token = String.format("%043d", i);
            index.put(person(WindowSize.HOUR, HOUR_10, token), sightings("1".repeat(20)));
        }

        assertThat((double) index.bytes() / persons).as("bytes per person (Kafka Streams' in-memory store: ~190)").isLessThan(140);
    }

    private static Bytes person(WindowSize size, long start, String token) {
        return new WindowKey(size, start, AreaLevel.COUNTY, "110101").personKey(token);
    }

    private static byte[] sightings(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

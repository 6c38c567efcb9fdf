package io.gatewatch.streams.screening;

import static io.gatewatch.streams.screening.DedupeIndex.NOT_HELD;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/** The compact on-heap de-duplication index: exact, bounded by its retention, small per id. */
class HeapDedupeIndexTest {
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long T0 = 1_767_225_600_000L;

    private final HeapDedupeIndex index = new HeapDedupeIndex(ScreeningNames.DEDUPE_INDEX_STORE, DAY);

    @Test
    void shouldAnswerTheBatchOfAPairItHolds() {
        index.put("gate-dev-1-000042", 7, T0);

        assertThat(index.batchOf("gate-dev-1-000042", T0)).isEqualTo(7);
        assertThat(index.batchOf("gate-dev-1-000042", T0 + 1)).as("another scan time").isEqualTo(NOT_HELD);
        assertThat(index.batchOf("gate-dev-1-000043", T0)).as("another id").isEqualTo(NOT_HELD);
    }

    @Test
    void shouldTellApartIdsThatShareAPrefixOrDifferOnlyInNonAsciiText() {
        index.put("dev-1", 1, T0);
        index.put("dev-1东", 2, T0);

        assertThat(index.batchOf("dev-1", T0)).isEqualTo(1);
        assertThat(index.batchOf("dev-1东", T0)).isEqualTo(2);
        assertThat(index.batchOf("dev-1西", T0)).isEqualTo(NOT_HELD);
        assertThat(index.batchOf("dev-", T0)).isEqualTo(NOT_HELD);
        assertThat(index.batchOf("dev-11", T0)).isEqualTo(NOT_HELD);
    }

    @Test
    void shouldStayExactWhenEveryIdHashesToTheSameSlot() {
        HeapDedupeIndex colliding = new HeapDedupeIndex(ScreeningNames.DEDUPE_INDEX_STORE, DAY, () -> (bytes, offset, length) -> 0L);
        for (int i = 0; i < 2_000; i++) {
            colliding.put("dev-" + i, i, T0);
        }

        for (int i = 0; i < 2_000; i++) {
            assertThat(colliding.batchOf("dev-" + i, T0)).isEqualTo(i);
        }
        assertThat(colliding.batchOf("dev-2000", T0)).isEqualTo(NOT_HELD);
        assertThat(colliding.entries()).isEqualTo(2_000);
    }

    @Test
    void shouldKeepEveryIdThroughTheTablesGrowth() {
        List<String> ids = java.util.stream.IntStream.range(0, 100_000).mapToObj(i -> UUID.randomUUID().toString()).toList();
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), i / 1000, T0 + i);
        }

        for (int i = 0; i < ids.size(); i++) {
            assertThat(index.batchOf(ids.get(i), T0 + i)).isEqualTo(i / 1000);
        }
        assertThat(index.entries()).isEqualTo(ids.size());
    }

    @Test
    void shouldOverwriteTheBatchOfAPairPutAgain() {
        index.put("dev-1", 1, T0);
        index.put("dev-1", 5, T0);

        assertThat(index.batchOf("dev-1", T0)).isEqualTo(5);
        assertThat(index.entries()).isEqualTo(1);
    }

    @Test
    void shouldForgetPairsOnceTheNewestScanTimeIsARetentionAhead() {
        index.put("old", 1, T0);
        index.put("recent", 2, T0 + DAY / 2);

        index.put("new", 3, T0 + 2 * DAY);

        assertThat(index.batchOf("old", T0)).isEqualTo(NOT_HELD);
        assertThat(index.batchOf("recent", T0 + DAY / 2)).isEqualTo(NOT_HELD);
        assertThat(index.batchOf("new", T0 + 2 * DAY)).isEqualTo(3);
        assertThat(index.segmentCount()).as("the old segments are dropped whole").isEqualTo(1);
        assertThat(index.entries()).isEqualTo(1);
    }

    @Test
    void shouldNotTakeAPairAlreadyOutOfRetention() {
        index.put("new", 1, T0 + 2 * DAY);

        index.put("late", 2, T0);

        assertThat(index.batchOf("late", T0)).isEqualTo(NOT_HELD);
        assertThat(index.entries()).isEqualTo(1);
    }

    @Test
    void shouldHoldAPairUntilItsScanTimeIsMoreThanTheRetentionBehind() {
        index.put("edge", 1, T0);

        index.put("newest", 2, T0 + DAY - 1);

        assertThat(index.batchOf("edge", T0)).as("a retention of a day keeps scans up to a day minus 1 ms behind").isEqualTo(1);
    }

    @Test
    void shouldComeBackEmptyWhenReopenedAsAfterARestart() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        index.init(context.getStateStoreContext(), index);
        index.put("dev-1", 1, T0);
        index.markHeldThrough(1, T0);

        index.close();
        index.init(context.getStateStoreContext(), index);

        assertThat(index.isOpen()).isTrue();
        assertThat(index.batchOf("dev-1", T0)).isEqualTo(NOT_HELD);
        assertThat(index.heldThrough()).as("no batch held: the journal is replayed in full").isNull();
        assertThat(index.persistent()).isFalse();
    }

    @Test
    void shouldNeedAboutEightyBytesPerThirtySixCharacterId() {
        int count = 200_000;
        for (int i = 0; i < count; i++) {
            index.put(UUID.randomUUID().toString(), i / 1000, T0 + i);
        }

        assertThat((double) index.bytes() / count).as("bytes per id (the documented figure)").isBetween(54.0, 100.0);
    }

    @Property(tries = 300)
    void shouldAnswerAsAMapOfTheRetainedPairsWould(@ForAll("puts") List<Put> puts) {
        HeapDedupeIndex tested = new HeapDedupeIndex(ScreeningNames.DEDUPE_INDEX_STORE, Duration.ofHours(1).toMillis());
        Map<String, Put> model = new HashMap<>();
        long newest = Long.MIN_VALUE;
        for (Put put : puts) {
            newest = Math.max(newest, put.time());
            if (put.time() > newest - Duration.ofHours(1).toMillis()) {
                model.put(put.id() + "@" + put.time(), put);
            }
            tested.put(put.id(), put.batch(), put.time());
        }

        long minLive = newest - Duration.ofHours(1).toMillis() + 1;
        for (Put put : puts) {
            Put held = model.get(put.id() + "@" + put.time());
            long expected = put.time() < minLive || held == null ? NOT_HELD : held.batch();
            assertThat(tested.batchOf(put.id(), put.time())).as("%s at %d", put.id(), put.time()).isEqualTo(expected);
        }
    }

    record Put(String id, long time, long batch) {}

    @Provide
    Arbitrary<List<Put>> puts() {
        Arbitrary<String> ids = Arbitraries.strings().withChars("ab东\u00e9-0").ofMinLength(1).ofMaxLength(4);
        Arbitrary<Long> times = Arbitraries.longs().between(0, 12).map(step -> T0 + step * Duration.ofMinutes(10).toMillis());
        Arbitrary<Long> batches = Arbitraries.longs().between(0, 1_000);
        return Combinators.combine(ids, times, batches).as(Put::new).list().ofMaxSize(200);
    }
}

package io.gatewatch.streams.screening;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/** The compact on-heap observation lookback: a window store's answers, bounded by its retention, linear in what is put. */
class HeapSightingsLookbackTest {
    private static final long LOOKBACK = Duration.ofMinutes(10).toMillis();
    private static final long T0 = 1_705_305_600_000L;
    private static final String ZHANG = "zhang-san-token-0000000000000000000000000000";

    private final HeapSightingsLookback lookback = new HeapSightingsLookback(ScreeningNames.OBSERVATION_SIGHTINGS_STORE, LOOKBACK);

    @Test
    void shouldAnswerAPersonsSightingsInTheRangeInScanTimeOrder() {
        lookback.put(ZHANG, bytes("gate-b"), T0 + 2_000);
        lookback.put(ZHANG, bytes("gate-a"), T0 + 1_000);
        lookback.put("li-si", bytes("gate-c"), T0 + 1_500);
        lookback.put(ZHANG, bytes("gate-d"), T0 + 9_000);

        assertThat(kept(lookback, ZHANG, T0, T0 + 5_000)).containsExactly("gate-a@" + (T0 + 1_000), "gate-b@" + (T0 + 2_000));
        assertThat(kept(lookback, "li-si", T0, T0 + 9_000)).containsExactly("gate-c@" + (T0 + 1_500));
        assertThat(kept(lookback, "wang-wu", T0, T0 + 9_000)).isEmpty();
    }

    @Test
    void shouldKeepSightingsOfOneScanTimeInTheOrderPut() {
        lookback.put(ZHANG, bytes("first"), T0);
        lookback.put(ZHANG, bytes("second"), T0);

        assertThat(kept(lookback, ZHANG, T0, T0)).containsExactly("first@" + T0, "second@" + T0);
    }

    @Test
    void shouldAnswerAcrossSegments() {
        for (int minute = 0; minute < 9; minute++) {
            lookback.put(ZHANG, bytes("m" + minute), T0 + minute * 60_000L);
        }

        assertThat(kept(lookback, ZHANG, T0, T0 + 9 * 60_000L)).hasSize(9).first().isEqualTo("m0@" + T0);
        assertThat(lookback.segmentCount()).as("a segment is an eighth of the lookback, at least a minute").isGreaterThan(1);
    }

    @Test
    void shouldTellApartTokensThatShareAPrefixOrDifferOnlyInNonAsciiText() {
        lookback.put("zhang", bytes("a"), T0);
        lookback.put("zhang东", bytes("b"), T0);
        lookback.put("zhan", bytes("c"), T0);

        assertThat(kept(lookback, "zhang", T0, T0)).containsExactly("a@" + T0);
        assertThat(kept(lookback, "zhang东", T0, T0)).containsExactly("b@" + T0);
        assertThat(kept(lookback, "zhang西", T0, T0)).isEmpty();
        assertThat(kept(lookback, "zhan", T0, T0)).containsExactly("c@" + T0);
        assertThat(kept(lookback, "zhangs", T0, T0)).isEmpty();
    }

    @Test
    void shouldStayExactWhenEveryKeyHashesToTheSameSlot() {
        HeapSightingsLookback colliding = new HeapSightingsLookback(ScreeningNames.OBSERVATION_SIGHTINGS_STORE, LOOKBACK,
                () -> (bytes, offset, length) -> 0L);
        for (int i = 0; i < 1_000; i++) {
            colliding.put("person-" + (i % 100), bytes("s" + i), T0 + i);
        }

        for (int p = 0; p < 100; p++) {
            assertThat(kept(colliding, "person-" + p, T0, T0 + 1_000)).hasSize(10).first().isEqualTo("s" + p + "@" + (T0 + p));
        }
        assertThat(colliding.sightings()).isEqualTo(1_000);
    }

    @Test
    void shouldForgetSightingsOnceTheNewestScanTimeIsALookbackAhead() {
        lookback.put(ZHANG, bytes("old"), T0);
        lookback.put(ZHANG, bytes("edge"), T0 + 60_000);

        lookback.put("li-si", bytes("new"), T0 + 60_000 + LOOKBACK - 1);

        assertThat(kept(lookback, ZHANG, 0, Long.MAX_VALUE)).as("a lookback of 10 min keeps sightings up to 10 min minus 1 ms behind")
                .containsExactly("edge@" + (T0 + 60_000));
        lookback.put("li-si", bytes("newer"), T0 + 3 * LOOKBACK);
        assertThat(kept(lookback, ZHANG, 0, Long.MAX_VALUE)).isEmpty();
        assertThat(lookback.segmentCount()).as("the old segments are dropped whole").isEqualTo(1);
        assertThat(lookback.sightings()).isEqualTo(1);
    }

    @Test
    void shouldNotTakeASightingAlreadyOutOfTheLookback() {
        lookback.put("li-si", bytes("new"), T0 + 2 * LOOKBACK);

        lookback.put(ZHANG, bytes("late"), T0);

        assertThat(kept(lookback, ZHANG, 0, Long.MAX_VALUE)).isEmpty();
        assertThat(lookback.sightings()).isEqualTo(1);
    }

    @Test
    void shouldComeBackEmptyWhenReopenedAsAfterARestart() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        lookback.init(context.getStateStoreContext(), lookback);
        lookback.put(ZHANG, bytes("a"), T0);
        assertThat(lookback.isEmpty()).isFalse();

        lookback.close();
        lookback.init(context.getStateStoreContext(), lookback);

        assertThat(lookback.isOpen()).isTrue();
        assertThat(lookback.isEmpty()).as("the processor then rebuilds it from the journal").isTrue();
        assertThat(kept(lookback, ZHANG, 0, Long.MAX_VALUE)).isEmpty();
        assertThat(lookback.persistent()).isFalse();
    }

    @Test
    void shouldGrowLinearlyWhenOneTokenIsSentOverAndOver() {
        // a device that floods one token costs an entry per scan, never a copy of a growing list
        int count = 100_000;
        byte[] sighting = typicalSighting();
        for (int i = 0; i < count; i++) {
            lookback.put(ZHANG, sighting, T0 + i);
        }

        assertThat((double) lookback.bytes() / count).as("bytes per sighting of one flooded token").isLessThan(250.0);
        assertThat(kept(lookback, ZHANG, T0, T0 + 9)).hasSize(10);
    }

    @Test
    void shouldNeedAboutThreeHundredBytesPerTypicalSighting() {
        int count = 200_000;
        byte[] sighting = typicalSighting();
        for (int i = 0; i < count; i++) {
            lookback.put(String.format("%043d", i), sighting, T0 + i);
        }

        assertThat(sighting.length).as("a gate sighting's encoding").isBetween(110, 130);
        assertThat((double) lookback.bytes() / count).as("bytes per sighting of a person seen once (the documented figure)").isBetween(250.0, 340.0);
    }

    @Property(tries = 300)
    void shouldAnswerAsAWindowStoreOfTheRetainedSightingsWould(@ForAll("puts") List<Put> puts, @ForAll("queries") List<Query> queries) {
        long retention = Duration.ofMinutes(5).toMillis();
        HeapSightingsLookback tested = new HeapSightingsLookback(ScreeningNames.OBSERVATION_SIGHTINGS_STORE, retention);
        List<Put> model = new ArrayList<>();
        long newest = Long.MIN_VALUE;
        for (Put put : puts) {
            newest = Math.max(newest, put.time());
            if (put.time() > newest - retention) {
                model.add(put);
            }
            tested.put(put.person(), bytes(put.label()), put.time());
        }

        long minLive = newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - retention + 1;
        for (Query query : queries) {
            List<String> expected = model.stream()
                    .filter(p -> p.person().equals(query.person()) && p.time() >= Math.max(query.from(), minLive) && p.time() <= query.to())
                    .sorted(Comparator.comparingLong(Put::time)) // stable: ties stay in the order put
                    .map(p -> p.label() + "@" + p.time())
                    .toList();
            assertThat(kept(tested, query.person(), query.from(), query.to())).as("%s", query).containsExactlyElementsOf(expected);
        }
    }

    record Put(String person, long time, String label) {}

    record Query(String person, long from, long to) {}

    @Provide
    Arbitrary<List<Put>> puts() {
        Arbitrary<Long> times = Arbitraries.longs().between(0, 40).map(step -> T0 + step * 30_000L);
        Arbitrary<String> labels = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(3);
        return Combinators.combine(persons(), times, labels).as(Put::new).list().ofMaxSize(150);
    }

    @Provide
    Arbitrary<List<Query>> queries() {
        Arbitrary<Long> times = Arbitraries.longs().between(-2, 42).map(step -> T0 + step * 30_000L);
        return Combinators.combine(persons(), times, times).as((person, a, b) -> new Query(person, Math.min(a, b), Math.max(a, b)))
                .list().ofMinSize(1).ofMaxSize(20);
    }

    private static Arbitrary<String> persons() {
        return Arbitraries.strings().withChars("ab东\u00e9-0").ofMinLength(1).ofMaxLength(3);
    }

    private static List<String> kept(HeapSightingsLookback store, String person, long from, long to) {
        List<String> kept = new ArrayList<>();
        store.forEach(person, from, to, (time, value) -> kept.add(new String(value, StandardCharsets.UTF_8) + "@" + time));
        return kept;
    }

    private static byte[] bytes(String label) {
        return label.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] typicalSighting() {
        return Sighting.SERDE.serializer().serialize(null, new Sighting("3f1c2a9e-8b7d-4c6e-9a51-0d2b7e4f6a18", ScanSource.GATE_DEVICE,
                "gate-dev-0042", "cp-village-017-east", "440106-017", T0, 36.6, HealthCodeColour.GREEN));
    }
}

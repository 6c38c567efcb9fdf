package io.gatewatch.streams.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CompactBytesMapTest {
    private final CompactBytesMap map = new CompactBytesMap(new SipHash()::hash);

    @Test
    void shouldGiveBackWhatWasPutUnderAKeyAndNothingForAnother() {
        put(map, "person-1", "village-a");

        assertThat(get(map, "person-1")).isEqualTo("village-a");
        assertThat(get(map, "person-2")).isNull();
        assertThat(map.getLong(bytes("person-2"), 8, -7)).isEqualTo(-7);
    }

    @Test
    void shouldReadOnlyTheGivenLengthOfTheKeyAndValueArrays() {
        byte[] key = bytes("person-1 and garbage");
        byte[] value = bytes("village-a and garbage");

        map.put(key, 8, value, 9);

        assertThat(get(map, "person-1")).isEqualTo("village-a");
        assertThat(get(map, "person-1 and garbage")).isNull();
    }

    @Test
    void shouldReplaceAValueInPlaceWhenItKeepsItsLengthAndAnewWhenItGrows() {
        put(map, "person-1", "village-a");
        put(map, "person-1", "village-b");
        assertThat(map.deadBytes()).isZero();

        put(map, "person-1", "village-b,village-c");

        assertThat(get(map, "person-1")).isEqualTo("village-b,village-c");
        assertThat(map.size()).isEqualTo(1);
        assertThat(map.deadBytes()).as("the first value's entry").isEqualTo(2 + 4 + 8 + 9);
    }

    @Test
    void shouldHoldLongValues() {
        map.putLong(bytes("event-1"), 7, 42);
        map.putLong(bytes("event-1"), 7, Long.MIN_VALUE);

        assertThat(map.getLong(bytes("event-1"), 7, -1)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void shouldStayExactWhenEveryKeyHashesToTheSameSlot() {
        CompactBytesMap colliding = new CompactBytesMap((bytes, offset, length) -> 0L);
        for (int i = 0; i < 2_000; i++) {
            put(colliding, "k" + i, "v" + i);
        }
        put(colliding, "k7", "grown value of k7");

        for (int i = 0; i < 2_000; i++) {
            assertThat(get(colliding, "k" + i)).isEqualTo(i == 7 ? "grown value of k7" : "v" + i);
        }
        assertThat(get(colliding, "k2000")).isNull();
        assertThat(colliding.size()).isEqualTo(2_000);
    }

    @Test
    void shouldTakeAnEntryLargerThanTheFirstChunk() {
        String large = "x".repeat(100_000);

        put(map, "large", large);
        put(map, "small", "y");

        assertThat(get(map, "large")).isEqualTo(large);
        assertThat(get(map, "small")).isEqualTo("y");
    }

    @Test
    void shouldRefuseAKeyWhoseLengthDoesNotFitItsHeader() {
        byte[] key = new byte[CompactBytesMap.MAX_KEY_BYTES + 1];

        assertThatThrownBy(() -> map.putLong(key, key.length, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key longer than");
    }

    @Property(tries = 300)
    void shouldAnswerAsAHashMapWould(@ForAll("puts") List<Map.Entry<String, String>> puts) {
        CompactBytesMap tested = new CompactBytesMap(new SipHash()::hash);
        Map<String, String> model = new HashMap<>();
        for (Map.Entry<String, String> put : puts) {
            put(tested, put.getKey(), put.getValue());
            model.put(put.getKey(), put.getValue());
        }

        for (Map.Entry<String, String> put : puts) {
            assertThat(get(tested, put.getKey())).isEqualTo(model.get(put.getKey()));
            assertThat(get(tested, put.getKey() + "?")).isEqualTo(model.get(put.getKey() + "?"));
        }
        assertThat(tested.size()).isEqualTo(model.size());
    }

    @Provide
    Arbitrary<List<Map.Entry<String, String>>> puts() {
        Arbitrary<String> keys = Arbitraries.strings().withChars("ab?东\u00e9").ofMinLength(0).ofMaxLength(5);
        Arbitrary<String> values = Arbitraries.strings().withChars("xyz").ofMinLength(0).ofMaxLength(6);
        return Combinators.combine(keys, values).as(Map::entry).list().ofMaxSize(300);
    }

    private static void put(CompactBytesMap map, String key, String value) {
        byte[] k = bytes(key);
        byte[] v = bytes(value);
        map.put(k, k.length, v, v.length);
    }

    private static String get(CompactBytesMap map, String key) {
        byte[] k = bytes(key);
        byte[] value = map.get(k, k.length);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package io.gatewatch.streams.counts;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.schema.AreaLevel;
import io.gatewatch.schema.WindowSize;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

class WindowKeyTest {

    @Test
    void shouldReadBackWhatItWrites() {
        WindowKey key = new WindowKey(WindowSize.DAY, 1_710_000_000_000L, AreaLevel.CHECKPOINT, "卡口-东门");

        assertThat(WindowKey.fromBytes(key.toBytes())).isEqualTo(key);
    }

    @Test
    void shouldOrderKeysOfOneSizeByWindowStartWhateverTheArea() {
        List<Bytes> keys = new ArrayList<>(List.of(
                new WindowKey(WindowSize.HOUR, 7_200_000L, AreaLevel.CHECKPOINT, "A").toBytes(),
                new WindowKey(WindowSize.HOUR, -3_600_000L, AreaLevel.VILLAGE, "Z").toBytes(),
                new WindowKey(WindowSize.HOUR, 3_600_000L, AreaLevel.COUNTY, "110105").toBytes()));

        keys.sort(Bytes::compareTo);

        assertThat(keys).extracting(k -> WindowKey.fromBytes(k).windowStart()).containsExactly(-3_600_000L, 3_600_000L, 7_200_000L);
    }

    @Test
    void shouldShareTheWindowPrefixBetweenAllPersonKeysOfOneWindowAndNoOther() {
        WindowKey village = new WindowKey(WindowSize.HOUR, 3_600_000L, AreaLevel.VILLAGE, "110105001001");
        WindowKey nextHour = new WindowKey(WindowSize.HOUR, 7_200_000L, AreaLevel.VILLAGE, "110105001001");
        byte[] prefix = WindowKey.windowPrefix(WindowSize.HOUR, 3_600_000L).get();

        assertThat(startsWith(village.personKey("p1").get(), prefix)).isTrue();
        assertThat(startsWith(nextHour.personKey("p1").get(), prefix)).isFalse();
        assertThat(startsWith(village.toBytes().get(), WindowKey.sizePrefix(WindowSize.HOUR).get())).isTrue();
        assertThat(startsWith(village.toBytes().get(), WindowKey.sizePrefix(WindowSize.DAY).get())).isFalse();
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}

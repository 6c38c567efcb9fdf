package io.gatewatch.streams.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class FaultTalliesTest {
    private final Serde<FaultTallies> serde = FaultTallies.serde();

    @Test
    void shouldKeepEveryDevicesTallyThroughItsEncoding() {
        FaultTallies tallies = new FaultTallies();
        tallies.put("gate-1", new FaultTally(12, 6, true));
        tallies.put("门岗-2", new FaultTally(3, 0, false));

        FaultTallies read = serde.deserializer().deserialize("t", serde.serializer().serialize("t", tallies));

        assertThat(read.devices()).isEqualTo(2);
        assertThat(read.get("gate-1")).isEqualTo(new FaultTally(12, 6, true));
        assertThat(read.get("门岗-2")).isEqualTo(new FaultTally(3, 0, false));
        assertThat(read.get("gate-3")).isEqualTo(FaultTally.EMPTY);
    }

    @Test
    void shouldRefuseTruncatedOrCorruptBytesWithoutAllocatingWhatTheyClaim() {
        FaultTallies tallies = new FaultTallies();
        tallies.put("gate-1", new FaultTally(12, 6, true));
        byte[] bytes = serde.serializer().serialize("t", tallies);
        byte[] hugeCount = ByteBuffer.allocate(5).put((byte) 1).putInt(Integer.MAX_VALUE).array();
        byte[] hugeId = ByteBuffer.allocate(7).put((byte) 1).putInt(1).putShort(Short.MAX_VALUE).array();

        for (int cut = 0; cut < bytes.length; cut++) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated)).isInstanceOf(SerializationException.class);
        }
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", hugeCount)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", hugeId)).isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldKeyEachWindowsBucketSoTheWindowCanBeReadBack() {
        assertThat(FaultTallies.windowStartOf(FaultTallies.key(1_700_000_400_000L, "gate-1"))).isEqualTo(1_700_000_400_000L);
        assertThat(FaultTallies.key(600_000L, 3)).isNotEqualTo(FaultTallies.key(600_000L, 4));
    }
}

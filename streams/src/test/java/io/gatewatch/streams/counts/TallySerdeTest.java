package io.gatewatch.streams.counts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TallySerdeTest {
    private final TallySerde serde = new TallySerde();

    @Test
    void shouldReadBackEveryField() {
        long[] values = new long[Tally.FIELDS];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1_000L * i + 7;
        }

        byte[] bytes = serde.serializer().serialize("t", Tally.fromArray(values));

        assertThat(serde.deserializer().deserialize("t", bytes).toArray()).containsExactly(values);
    }

    @Test
    void shouldReadStateWrittenBeforeAMeasureWasAddedAsZero() {
        byte[] older = ByteBuffer.allocate(1 + 2 + 3 * 8).put((byte) 1).putShort((short) 3).putLong(99).putLong(5).putLong(4).array();

        Tally tally = serde.deserializer().deserialize("t", older);

        assertThat(tally.windowEnd).isEqualTo(99);
        assertThat(tally.scans).isEqualTo(5);
        assertThat(tally.distinctPersons).isEqualTo(4);
        assertThat(tally.pharmacyScans).isZero();
    }

    @Test
    void shouldIgnoreMeasuresItDoesNotKnowAfterARollback() {
        ByteBuffer newer = ByteBuffer.allocate(1 + 2 + (Tally.FIELDS + 1) * 8).put((byte) 1).putShort((short) (Tally.FIELDS + 1));
        for (int i = 0; i <= Tally.FIELDS; i++) {
            newer.putLong(i);
        }

        Tally tally = serde.deserializer().deserialize("t", newer.array());

        assertThat(tally.toArray()).hasSize(Tally.FIELDS);
        assertThat(tally.pharmacyScans).isEqualTo(Tally.FIELDS - 1);
    }
}

package io.gatewatch.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class ObservationPartitioningTest {
    private static final String TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";

    @Test
    void shouldPlaceAPersonByTheTokensCharactersNotItsSerialisedKey() {
        int expected = Utils.toPositive(Utils.murmur2(TOKEN.getBytes(StandardCharsets.UTF_8))) % 6;

        assertThat(ObservationPartitioning.partitionOf(TOKEN, 6)).isEqualTo(expected);
    }

    @Test
    void shouldStayWithinThePartitionCount() {
        for (int partitions = 1; partitions <= 12; partitions++) {
            assertThat(ObservationPartitioning.partitionOf(TOKEN, partitions)).isBetween(0, partitions - 1);
        }
    }

    @Test
    void shouldRefuseZeroPartitions() {
        assertThatThrownBy(() -> ObservationPartitioning.partitionOf(TOKEN, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

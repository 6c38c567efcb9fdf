package io.gatewatch.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ScreenedScanPartitioningTest {

    @Test
    void shouldPutEveryVillageOfACountyInTheSamePartition() {
        int partition = ScreenedScanPartitioning.partitionOf("110105001001", 12);

        assertThat(ScreenedScanPartitioning.partitionOf("110105999999", 12)).isEqualTo(partition);
        assertThat(ScreenedScanPartitioning.partitionOf("110105", 12)).as("the county code itself").isEqualTo(partition);
    }

    @Test
    void shouldKeepTheFunctionStableBecauseWritersAndReadersOfTheTopicMustAgree() {
        // pinned: changing these values changes the contract of gatewatch.scans.screened and every counts task's state
        assertThat(ScreenedScanPartitioning.partitionOf("110105001001", 6)).isEqualTo(pinned("110105", 6));
        assertThat(ScreenedScanPartitioning.partitionOf("320101001001", 4)).isEqualTo(pinned("320101", 4));
    }

    @Test
    void shouldSpreadCountiesOverPartitions() {
        long used = java.util.stream.IntStream.range(0, 100)
                .map(i -> ScreenedScanPartitioning.partitionOf(String.format("3201%02d001001", i), 6)).distinct().count();

        assertThat(used).isEqualTo(6);
    }

    @Test
    void shouldRecogniseOnlyItsOwnMark() {
        RecordHeaders headers = new RecordHeaders();
        assertThat(ScreenedScanPartitioning.isMarkedByCounty(headers)).isFalse();

        headers.add(ScreenedScanPartitioning.HEADER, "village".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(ScreenedScanPartitioning.isMarkedByCounty(headers)).isFalse();

        ScreenedScanPartitioning.markByCounty(headers);
        assertThat(ScreenedScanPartitioning.isMarkedByCounty(headers)).isTrue();
        assertThat(headers.headers(ScreenedScanPartitioning.HEADER)).hasSize(1);
    }

    @Test
    void shouldRefuseAPartitionCountBelowOne() {
        assertThatThrownBy(() -> ScreenedScanPartitioning.partitionOf("110105001001", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The documented formula, written out independently. */
    private static int pinned(String county, int partitions) {
        byte[] bytes = county.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return (org.apache.kafka.common.utils.Utils.murmur2(bytes) & 0x7fffffff) % partitions;
    }
}

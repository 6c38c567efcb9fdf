package io.gatewatch.streams.counts;

import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreenedScanPartitioning;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Decides, per screened scan, whether it is already in its county's partition (so the task that
 * read it can count it) or must go through the repartition topic first.
 *
 * <p>A scan counts where it was read only when its writer marked it as placed by
 * {@link ScreenedScanPartitioning} (header {@code gatewatch.partitioned.by=county}) and the topology
 * is configured to trust that mark. Kafka Streams gives a processor no public view of the input
 * topic's partition count, so the mark is the per-record evidence; the partition count itself
 * cannot change under a running counts application (Kafka Streams stops it: its changelog topics
 * no longer match the input). Every other scan (an older screening, another producer, or the
 * check switched off) is re-routed through the repartition topic by the same county partitioning,
 * so it still lands in its county's task and no figure changes; those are counted in
 * {@code gatewatch.counts.repartitioned}.
 */
final class CountyPlacement implements FixedKeyProcessor<String, ScreenedScan, CountyPlacement.Placed> {
    /** A scan and whether it is in its county's partition already. */
    record Placed(ScreenedScan scan, boolean inCountyPartition) {}

    private final boolean trustMark;
    private final CountsMetrics metrics;
    private FixedKeyProcessorContext<String, Placed> context;

    CountyPlacement(boolean trustMark, CountsMetrics metrics) {
        this.trustMark = trustMark;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Placed> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, ScreenedScan> record) {
        boolean placed = trustMark && ScreenedScanPartitioning.isMarkedByCounty(record.headers());
        if (!placed) {
            metrics.repartitioned();
        }
        context.forward(record.withValue(new Placed(record.value(), placed)));
    }

    /** Places repartitioned scans as {@link ScreenedScanPartitioning} does, so they meet the marked ones in one task. */
    static final class Partitioner implements StreamPartitioner<String, ScreenedScan> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String county, ScreenedScan scan, int numPartitions) {
            return Optional.of(Set.of(ScreenedScanPartitioning.partitionOf(scan.getVillageCode(), numPartitions)));
        }
    }
}

package io.gatewatch.bench.load;

import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The baseline of issue 8: the least a Kafka Streams application can do with the scans — one
 * filter sending fevers and non-green codes to one alerts topic, and a one-minute tumbling
 * windowed count per village (a repartition, a windowed store) — over the same records, broker,
 * serdes, guarantee and thread count as GateWatch's topologies. No validation, units, calibration,
 * de-duplication, escalation or dead letters: what GateWatch does beyond this is its own cost.
 */
final class NaiveTopology {
    static final double FEVER_CELSIUS = 37.3;
    /** Same grace as the counts topology's default: a replayed backlog must not be dropped as late. */
    static final Duration GRACE = Duration.ofHours(12);

    private NaiveTopology() {}

    static Topology build(Serde<String> keySerde, Serde<ScanEvent> scanSerde, Properties props) {
        StreamsBuilder builder = new StreamsBuilder();
        var scans = builder.stream(Topics.SCANS, Consumed.with(keySerde, scanSerde)
                .withTimestampExtractor(scannedAt()).withName("naive-scans-source"));
        scans.filter((device, scan) -> scan != null && isAlert(scan), Named.as("naive-alerts-filter"))
                .to(Cluster.NAIVE_ALERTS, Produced.with(keySerde, scanSerde).withName("naive-alerts-sink"));
        scans.filter((device, scan) -> scan != null && scan.getVillageCode() != null, Named.as("naive-has-village"))
                .groupBy((device, scan) -> scan.getVillageCode(), Grouped.with("naive-by-village", Serdes.String(), scanSerde))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), GRACE))
                .count(Named.as("naive-count"), Materialized.<String, Long, WindowStore<Bytes, byte[]>>as("naive-counts-store")
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream(Named.as("naive-counts-stream"))
                .to(Cluster.NAIVE_COUNTS, Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, Duration.ofMinutes(1).toMillis()),
                        Serdes.Long()).withName("naive-counts-sink"));
        return builder.build(props);
    }

    static boolean isAlert(ScanEvent scan) {
        HealthCodeColour code = scan.getHealthCode();
        boolean nonGreen = code != null && code != HealthCodeColour.GREEN;
        boolean fever = scan.getTemperature() != null && scan.getTemperature().getValue() >= FEVER_CELSIUS;
        return nonGreen || fever;
    }

    private static TimestampExtractor scannedAt() {
        return (record, partitionTime) -> record.value() instanceof ScanEvent scan && scan.getScannedAt() != null
                ? scan.getScannedAt().toEpochMilli() : record.timestamp();
    }
}

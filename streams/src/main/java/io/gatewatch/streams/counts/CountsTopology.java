package io.gatewatch.streams.counts;

import io.gatewatch.schema.AreaCodes;
import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.AreaCountKey;
import io.gatewatch.schema.RejectReason;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.Topics;
import io.gatewatch.schema.WindowSize;
import io.gatewatch.streams.common.TaskClock;
import io.gatewatch.streams.counts.CountsOutput.Figure;
import io.gatewatch.streams.counts.CountsOutput.LateScan;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The counts topology: screened scans in, per-area windowed figures out.
 *
 * <pre>
 * gatewatch.scans.screened (key villageCode, partitioned by county)
 *   ├─ no value / village code not 12 digits ─► gatewatch.scans.rejected (original key/value bytes, RejectedRecordHeaders)
 *   └─ counts-placement: marked as partitioned by county?
 *        ├─ yes ───────────────────────────────────────────────────────┐
 *        └─ no: re-key by county ─► repartition "counts-by-county" ─────┤ (same sub-topology)
 *        counts-aggregate (checkpoint, village, township, county × hour, local day)
 *             ├─► gatewatch.counts.hourly (key AreaCountKey, value AreaCount)
 *             ├─► gatewatch.counts.daily  (key AreaCountKey, value AreaCount)
 *             └─► gatewatch.scans.late    (key deviceId, value ScanEvent, LateScanHeaders)
 * </pre>
 *
 * <h2>Why by county, and why usually without a repartition</h2>
 * Every area a scan counts towards (checkpoint, village, township, county) lies inside its county,
 * so counting by county puts all of them in one task: each scan updates all levels at once, is
 * judged on time or late once per window size for all levels, and distinct persons at township
 * and county are exact sets. Roll-up figures therefore equal the sum of their villages by
 * construction. The county level needs all of a county's scans in one task in any design, so this
 * costs no parallelism beyond what the county figure itself does. Checkpoint ids are assumed to be
 * unique across the deployment (they are registry ids); a checkpoint id reused in two villages
 * would merge their checkpoint figures. The screening topology writes its output partitioned by
 * county ({@link io.gatewatch.schema.ScreenedScanPartitioning}) and marks it so; marked scans are
 * counted in the task that read them. Unmarked ones (an older screening, another producer, or
 * {@link CountsConfig#INPUT_PARTITIONED_BY_COUNTY} false) go through the repartition topic, placed
 * by the same function, and meet the others in the same task ({@link CountyPlacement}).
 *
 * <h2>Outputs</h2>
 * <ul>
 *   <li>{@link Topics#COUNTS_HOURLY}, {@link Topics#COUNTS_DAILY}: an <b>update stream</b> of full
 *       figures (not deltas), keyed for upsert by (level, area, window size, window start). While a
 *       window is open, at most one update ({@code isFinal=false}) per punctuation interval for each
 *       window that changed; when it closes (end + grace on the task clock), exactly one
 *       {@code isFinal=true} record, after which the window's key is never emitted again. The last
 *       record per key wins. Record timestamp = window start. With {@code counts.emit.updates=false}
 *       only final records are emitted. After a restart the current figures of open windows are
 *       re-emitted once as updates.
 *   <li>{@link Topics#SCANS_LATE}: one record per scan and window size it missed (a scan late for
 *       its hour but on time for its day appears once, with window=hour, and is counted in the
 *       day). Such scans are <b>not</b> added to any figure and do not correct final figures.
 *   <li>{@link Topics#SCANS_REJECTED}: screened scans that cannot be placed in an area, as their
 *       original key and value bytes with {@code RejectedRecordHeaders} (reason
 *       {@link #REJECT_INVALID_VILLAGE_CODE} or {@link #REJECT_NULL_VALUE}, rejected by {@code counts}).
 * </ul>
 *
 * <h2>Windows and time</h2>
 * Windows are computed by {@link LocalWindows} in {@link CountsConfig#TIME_ZONE}; a scan belongs
 * to the window of its {@code scannedAt}. Windows close by the {@link TaskClock} (event time,
 * advanced by the wall clock while the task runs) at wall-clock punctuations, so a quiet
 * partition still closes its windows on schedule.
 *
 * <p>Pure: builds a {@link Topology} and nothing else. Every processor, store and internal topic
 * has an explicit name (the constants below, and {@link AreaCountsSupplier}'s store names).
 */
public final class CountsTopology {
    public static final String SOURCE = "counts-screened-source";
    public static final String INPUT_SPLIT = "counts-input-";
    public static final String REJECT = "counts-reject";
    public static final String REJECTED_SINK = "counts-rejected-sink";
    /** Tells scans already in their county's partition from those that must be repartitioned ({@link CountyPlacement}). */
    public static final String PLACEMENT = "counts-placement";
    public static final String PLACEMENT_SPLIT = "counts-placement-";
    public static final String PLACED_UNWRAP = "counts-placed-unwrap";
    public static final String UNPLACED_UNWRAP = "counts-unplaced-unwrap";
    public static final String KEY_BY_COUNTY = "counts-key-by-county";
    /**
     * Repartition topic {@code <application.id>-counts-by-county-repartition}: key county code, value
     * ScreenedScan, partitioned by {@link io.gatewatch.schema.ScreenedScanPartitioning}. Carries only
     * scans not marked as partitioned by county (none when the screening topology writes the input).
     */
    public static final String BY_COUNTY = "counts-by-county";
    /** Joins the scans counted where they were read and the repartitioned ones, ahead of {@link #AGGREGATE}. */
    public static final String MERGE = "counts-merge";
    public static final String AGGREGATE = "counts-aggregate";
    public static final String OUTPUT_SPLIT = "counts-output-";
    public static final String HOURLY_UNWRAP = "counts-hourly-unwrap";
    public static final String DAILY_UNWRAP = "counts-daily-unwrap";
    public static final String LATE_UNWRAP = "counts-late-unwrap";
    public static final String HOURLY_SINK = "counts-hourly-sink";
    public static final String DAILY_SINK = "counts-daily-sink";
    public static final String LATE_SINK = "counts-late-sink";

    /** Reason code on {@link Topics#SCANS_REJECTED}: the screened scan's village code is not 12 digits. */
    public static final String REJECT_INVALID_VILLAGE_CODE = RejectReason.INVALID_VILLAGE_CODE.code();
    /**
     * Reason code on {@link Topics#SCANS_REJECTED}: a record without a value (a tombstone) on the
     * screened-scans topic; documented in README's reasons list.
     */
    public static final String REJECT_NULL_VALUE = RejectReason.NULL_VALUE.code();

    /** Store names, for tests and operators (changelog topics are {@code <application.id>-<name>-changelog}). */
    public static final String WINDOWS_STORE = AreaCountsSupplier.WINDOWS_STORE;
    public static final String PERSONS_STORE = AreaCountsSupplier.PERSONS_STORE;
    public static final String PERSONS_JOURNAL_STORE = AreaCountsSupplier.PERSONS_JOURNAL_STORE;
    public static final String CLOCK_STORE = AreaCountsSupplier.CLOCK_STORE;

    private CountsTopology() {}

    /**
     * @param props the Streams configuration, passed to {@code StreamsBuilder#build(Properties)} so
     *              optimisations and {@code ensure.explicit.internal.resource.naming} apply
     */
    public static Topology build(CountsConfig config, CountsSerdes serdes, MeterRegistry meterRegistry, Properties props) {
        CountsMetrics metrics = new CountsMetrics(meterRegistry);
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, ScreenedScan> screened = builder.stream(Topics.SCANS_SCREENED,
                Consumed.with(serdes.stringKey(), serdes.screenedScan())
                        .withTimestampExtractor(new ScannedAtTimestampExtractor())
                        .withName(SOURCE));
        screened.split(Named.as(INPUT_SPLIT))
                .branch((village, scan) -> scan == null || !AreaCodes.isVillageCode(scan.getVillageCode()),
                        Branched.withConsumer(invalid -> reject(invalid, serdes, metrics), "invalid"))
                .defaultBranch(Branched.withConsumer(valid -> count(valid, config, serdes, metrics), "valid"));
        return builder.build(props);
    }

    private static void reject(KStream<String, ScreenedScan> invalid, CountsSerdes serdes, CountsMetrics metrics) {
        invalid.process(() -> new InvalidAreaRouter(serdes.stringKey().serializer(), serdes.screenedScan().serializer(), metrics),
                        Named.as(REJECT))
                .to(Topics.SCANS_REJECTED, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(REJECTED_SINK));
    }

    private static void count(KStream<String, ScreenedScan> valid, CountsConfig config, CountsSerdes serdes, CountsMetrics metrics) {
        Map<String, KStream<String, CountyPlacement.Placed>> placement = valid
                .processValues(() -> new CountyPlacement(config.inputPartitionedByCounty(), metrics), Named.as(PLACEMENT))
                .split(Named.as(PLACEMENT_SPLIT))
                .branch((village, placed) -> placed.inCountyPartition(), Branched.as("placed"))
                .defaultBranch(Branched.as("unplaced"));
        KStream<String, ScreenedScan> placed = placement.get(PLACEMENT_SPLIT + "placed")
                .mapValues(CountyPlacement.Placed::scan, Named.as(PLACED_UNWRAP));
        KStream<String, ScreenedScan> repartitioned = placement.get(PLACEMENT_SPLIT + "unplaced")
                .mapValues(CountyPlacement.Placed::scan, Named.as(UNPLACED_UNWRAP))
                .selectKey((village, scan) -> AreaCodes.countyOf(scan.getVillageCode()), Named.as(KEY_BY_COUNTY))
                .repartition(Repartitioned.<String, ScreenedScan>as(BY_COUNTY)
                        .withKeySerde(serdes.stringKey()).withValueSerde(serdes.screenedScan())
                        .withStreamPartitioner(new CountyPlacement.Partitioner()));
        KStream<Void, CountsOutput> outputs = placed.merge(repartitioned, Named.as(MERGE))
                .process(new AreaCountsSupplier(config, metrics), Named.as(AGGREGATE));
        outputs.split(Named.as(OUTPUT_SPLIT))
                .branch((none, out) -> isFigure(out, WindowSize.HOUR),
                        Branched.withConsumer(hourly -> figures(hourly, HOURLY_UNWRAP)
                                .to(Topics.COUNTS_HOURLY, Produced.with(serdes.countKey(), serdes.count()).withName(HOURLY_SINK)), "hourly"))
                .branch((none, out) -> isFigure(out, WindowSize.DAY),
                        Branched.withConsumer(daily -> figures(daily, DAILY_UNWRAP)
                                .to(Topics.COUNTS_DAILY, Produced.with(serdes.countKey(), serdes.count()).withName(DAILY_SINK)), "daily"))
                .branch((none, out) -> out instanceof LateScan,
                        Branched.withConsumer(late -> late
                                .map((none, out) -> KeyValue.pair(((LateScan) out).deviceId(), ((LateScan) out).scan()), Named.as(LATE_UNWRAP))
                                .to(Topics.SCANS_LATE, Produced.with(serdes.stringKey(), serdes.scan()).withName(LATE_SINK)), "late"))
                .noDefaultBranch();
    }

    private static boolean isFigure(CountsOutput out, WindowSize size) {
        return out instanceof Figure figure && figure.key().getWindow() == size;
    }

    private static KStream<AreaCountKey, AreaCount> figures(KStream<Void, CountsOutput> stream, String name) {
        return stream.map((none, out) -> KeyValue.pair(((Figure) out).key(), ((Figure) out).count()), Named.as(name));
    }
}

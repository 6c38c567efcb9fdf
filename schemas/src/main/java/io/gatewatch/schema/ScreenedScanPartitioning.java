package io.gatewatch.schema;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Utils;

/**
 * How {@link Topics#SCANS_SCREENED} is partitioned: a contract between whoever writes the topic
 * (the screening topology) and the counts topology that reads it.
 *
 * <p>Records are keyed by villageCode (unchanged) but <b>partitioned by county</b>: the partition
 * is {@code toPositive(murmur2(UTF-8 bytes of the first 6 characters of villageCode)) % partitions}
 * (the whole code when it is shorter; partition 0 for a null code). Every village of a county lands
 * in the same partition, so the counts topology can aggregate every level of a county (checkpoint,
 * village, township, county) in the task that reads that partition, without a repartition topic.
 * The hash is over the county code's characters, not over the serialised key, so it does not
 * depend on the schema registry's ids and any producer can compute it.
 *
 * <p>A writer that places records this way marks each one with the header {@link #HEADER} =
 * {@link #BY_COUNTY}. A record without it (written by an older screening, or by another producer
 * that partitions by its key) is not trusted to be in its county's partition; the counts topology
 * re-routes such records through its repartition topic, so they are still counted in the right
 * task.
 *
 * <p>The partition depends on the partition count: adding partitions to the topic moves counties to
 * other partitions, so the counts application (whose state is per county and per partition) must
 * then be reset. Kafka Streams refuses to run it until then (its changelog topics no longer match
 * the input's partition count).
 */
public final class ScreenedScanPartitioning {
    /** Header naming how the writer partitioned the record. Value: UTF-8 {@link #BY_COUNTY}. */
    public static final String HEADER = "gatewatch.partitioned.by";
    /** {@link #HEADER} value: placed by {@link #partitionOf}. */
    public static final String BY_COUNTY = "county";

    private static final byte[] BY_COUNTY_BYTES = BY_COUNTY.getBytes(StandardCharsets.UTF_8);

    private ScreenedScanPartitioning() {}

    /** The partition of a screened scan of this village among {@code partitions} partitions. */
    public static int partitionOf(String villageCode, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        if (villageCode == null) {
            return 0;
        }
        String county = villageCode.length() > AreaCodes.COUNTY_DIGITS ? AreaCodes.countyOf(villageCode) : villageCode;
        return Utils.toPositive(Utils.murmur2(county.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Marks a record as placed by {@link #partitionOf}. */
    public static void markByCounty(Headers headers) {
        headers.remove(HEADER);
        headers.add(HEADER, BY_COUNTY_BYTES);
    }

    /** True when the record's writer says it placed the record by {@link #partitionOf}. */
    public static boolean isMarkedByCounty(Headers headers) {
        var header = headers.lastHeader(HEADER);
        return header != null && java.util.Arrays.equals(header.value(), BY_COUNTY_BYTES);
    }
}

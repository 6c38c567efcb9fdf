package io.gatewatch.schema;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * How person-keyed observation data is partitioned: {@link Topics#OBSERVATION} (written by
 * {@code gatewatch observation}) and the screening topology's repartition of gate sightings by
 * person both place a record at {@code toPositive(murmur2(UTF-8 bytes of the person token)) % partitions}.
 * A person's watchlist entry and their scans therefore land in the same partition number, so one
 * screening task holds both, whatever order they arrive in.
 *
 * <p>The hash is over the token's characters, not over the serialised key, so it does not depend
 * on the schema registry's ids (the two topics register their keys under different subjects).
 * Both topics must have the same partition count (the topic layout gives the watchlist the scan
 * topic's count, which the repartition topic inherits; the screening application refuses to start when they
 * differ); adding partitions to one means adding the
 * same to the other and resetting the screening application.
 */
public final class ObservationPartitioning {
    private ObservationPartitioning() {}

    /** The partition of {@code personToken}'s records among {@code partitions} partitions. */
    public static int partitionOf(String personToken, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(personToken.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}

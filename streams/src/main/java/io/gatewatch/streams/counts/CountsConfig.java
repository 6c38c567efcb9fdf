package io.gatewatch.streams.counts;

import io.gatewatch.config.ZoneIds;
import io.gatewatch.streams.common.StorePlacement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Settings of the counts topology, defined once with type, default, validator and doc. Bad values
 * fail at construction with a {@link ConfigException} that names the key.
 *
 * <p>Grace periods are how long after a window's end a scan may still arrive and be counted; the
 * defaults (12 h) cover a gate that is offline for a night and uploads its buffer in the morning.
 * A window's final figure is emitted only once its grace has elapsed, so a longer grace means a
 * later final figure (updates are emitted meanwhile).
 */
public final class CountsConfig extends AbstractConfig {
    public static final String TIME_ZONE = "counts.time.zone";
    public static final String HOURLY_GRACE_MS = "counts.hourly.grace.ms";
    public static final String DAILY_GRACE_MS = "counts.daily.grace.ms";
    public static final String PUNCTUATION_INTERVAL_MS = "counts.punctuation.interval.ms";
    public static final String EMIT_UPDATES = "counts.emit.updates";
    public static final String INPUT_PARTITIONED_BY_COUNTY = "counts.input.partitioned.by.county";
    public static final String COMMIT_INTERVAL_MS = "counts.commit.interval.ms";
    public static final String PERSONS_STORE = "counts.persons.store";

    public static final String DEFAULT_TIME_ZONE = "Asia/Shanghai";
    public static final long DEFAULT_GRACE_MS = Duration.ofHours(12).toMillis();
    /** Upper bound of a grace period: state grows with it (a window is kept for its length plus grace). */
    public static final long MAX_GRACE_MS = Duration.ofDays(30).toMillis();
    public static final long DEFAULT_PUNCTUATION_INTERVAL_MS = Duration.ofMinutes(1).toMillis();
    public static final long DEFAULT_COMMIT_INTERVAL_MS = Duration.ofSeconds(1).toMillis();

    private static final ConfigDef DEF = new ConfigDef()
            .define(TIME_ZONE, Type.STRING, DEFAULT_TIME_ZONE, ZoneIds.validator(), Importance.HIGH,
                    "IANA time zone of the deployment. Daily windows run from local midnight to local midnight "
                            + "in this zone (23 or 25 hours long on daylight-saving changes); hourly windows follow "
                            + "local clock hours.")
            .define(HOURLY_GRACE_MS, Type.LONG, DEFAULT_GRACE_MS, Range.between(0L, MAX_GRACE_MS), Importance.HIGH,
                    "How long after an hourly window ends a scan may still arrive and be counted in it. Later "
                            + "scans go to the late-scans topic. The hourly final figure is emitted once this has elapsed.")
            .define(DAILY_GRACE_MS, Type.LONG, DEFAULT_GRACE_MS, Range.between(0L, MAX_GRACE_MS), Importance.HIGH,
                    "How long after a local day ends a scan may still arrive and be counted in it. Later scans go "
                            + "to the late-scans topic. The daily final figure is emitted once this has elapsed.")
            .define(PUNCTUATION_INTERVAL_MS, Type.LONG, DEFAULT_PUNCTUATION_INTERVAL_MS, Range.between(100L, Duration.ofHours(1).toMillis()),
                    Importance.MEDIUM,
                    "Wall-clock interval at which changed figures are emitted as updates and closed windows are "
                            + "finalised. Windows close on this schedule even when no scans arrive.")
            .define(EMIT_UPDATES, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Emit updated figures (isFinal=false) for changed open windows at every punctuation. When "
                            + "false only final figures are emitted.")
            .define(INPUT_PARTITIONED_BY_COUNTY, Type.BOOLEAN, true, Importance.LOW,
                    "Count screened scans that their writer marked as partitioned by county (header "
                            + "gatewatch.partitioned.by=county, as the screening topology writes them) in the task that "
                            + "reads them, without a repartition. Unmarked scans always go through the repartition topic "
                            + "<application.id>-counts-by-county-repartition first. When false every scan does.")
            .define(COMMIT_INTERVAL_MS, Type.LONG, DEFAULT_COMMIT_INTERVAL_MS, Range.atLeast(1L), Importance.LOW,
                    "Commit (and, with exactly-once, transaction) interval of the counts application, in place of "
                            + "streams.commit.interval.ms, which the screening application keeps for its alerts' latency. Figures "
                            + "are emitted at punctuations and reach read_committed readers at the next commit, so this adds at "
                            + "most its length to their delay; every commit writes each changed tally and person entry down "
                            + "once, so a longer interval writes fewer changelog records.")
            .define(PERSONS_STORE, Type.STRING, StorePlacement.IN_MEMORY.value(), StorePlacement.validator(), Importance.MEDIUM,
                    "Where the index of persons seen per open window (for distinct-person figures) is kept: "
                            + StorePlacement.IN_MEMORY.value() + " (on the heap in a compact table, about 125 bytes per person and open window; rebuilt from its journal "
                            + "<application.id>-counts-persons-journal-changelog at every start) or " + StorePlacement.ROCKS_DB.value() + " (on local "
                            + "disk within rocksdb.block.cache.bytes, rebuilt only after a crash; the counts stream thread then "
                            + "needs about twice the CPU per scan). Choose " + StorePlacement.ROCKS_DB.value() + " when the persons of the open windows (each "
                            + "person seen in an hour, kept for the hour plus counts.hourly.grace.ms, and in a day, kept for "
                            + "the day plus counts.daily.grace.ms) do not fit the heap.");

    public CountsConfig(Map<?, ?> props) {
        super(DEF, props, false);
    }

    /** A copy of the definitions, e.g. to generate the README's config table. */
    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }

    public ZoneId timeZone() {
        return ZoneId.of(getString(TIME_ZONE));
    }

    public Duration hourlyGrace() {
        return Duration.ofMillis(getLong(HOURLY_GRACE_MS));
    }

    public Duration dailyGrace() {
        return Duration.ofMillis(getLong(DAILY_GRACE_MS));
    }

    public Duration punctuationInterval() {
        return Duration.ofMillis(getLong(PUNCTUATION_INTERVAL_MS));
    }

    public boolean emitUpdates() {
        return getBoolean(EMIT_UPDATES);
    }

    /**
     * The counts application's Kafka Streams properties: {@code shared} (what every GateWatch
     * application runs with) with this application's own {@value #COMMIT_INTERVAL_MS}.
     */
    public Properties streamsProperties(Properties shared) {
        Properties props = new Properties();
        props.putAll(shared);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs());
        return props;
    }

    public long commitIntervalMs() {
        return getLong(COMMIT_INTERVAL_MS);
    }

    /** Where the persons index lives: on the heap by default, or in RocksDB. */
    public StorePlacement personsStore() {
        return StorePlacement.of(getString(PERSONS_STORE));
    }

    public boolean inputPartitionedByCounty() {
        return getBoolean(INPUT_PARTITIONED_BY_COUNTY);
    }
}

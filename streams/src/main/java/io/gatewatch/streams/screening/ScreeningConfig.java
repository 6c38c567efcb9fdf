package io.gatewatch.streams.screening;

import io.gatewatch.schema.CheckinSchedule;
import io.gatewatch.schema.TemperatureRule;
import io.gatewatch.config.ZoneIds;
import io.gatewatch.streams.common.StorePlacement;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The screening rules' settings, defined once (type, default, validator, doc). Invalid values,
 * alone or in combination, fail at construction with a {@link ConfigException} naming the key.
 *
 * <p>Two cross-checks protect correctness rather than taste:
 * <ul>
 *   <li>{@value #PLAUSIBLE_MIN_CELSIUS} &lt; {@value #FEVER_THRESHOLD_CELSIUS} &le;
 *       {@value #PLAUSIBLE_MAX_CELSIUS}: otherwise no reading could ever be a fever, or every
 *       plausible one would be.</li>
 *   <li>{@value #MAX_AGE_MS} &le; {@value #DEDUPE_RETENTION_MS}: a scan older than the
 *       de-duplication memory could not be recognised as a retry and would be counted twice, so
 *       such scans are refused instead (reason {@code stale_timestamp}).</li>
 * </ul>
 */
public final class ScreeningConfig extends AbstractConfig {
    public static final String FEVER_THRESHOLD_CELSIUS = "screening.fever.threshold.celsius";
    public static final String PLAUSIBLE_MIN_CELSIUS = "screening.plausible.min.celsius";
    public static final String PLAUSIBLE_MAX_CELSIUS = "screening.plausible.max.celsius";
    public static final String DEDUPE_RETENTION_MS = "screening.dedupe.retention.ms";
    public static final String DEDUPE_STORE = "screening.dedupe.store";
    public static final String MAX_FUTURE_SKEW_MS = "screening.max.future.skew.ms";
    public static final String MAX_AGE_MS = "screening.max.age.ms";
    public static final String ESCALATION_WINDOW_MS = "screening.escalation.window.ms";
    public static final String FAULT_RATE_WINDOW_MS = "screening.device.fault.rate.window.ms";
    public static final String FAULT_RATE_THRESHOLD = "screening.device.fault.rate.threshold";
    public static final String FAULT_RATE_MIN_READINGS = "screening.device.fault.rate.min.readings";
    public static final String TIME_ZONE = "screening.time.zone";
    public static final String OBSERVATION_ENABLED = "screening.observation.enabled";
    public static final String OBSERVATION_LOOKBACK_MS = "screening.observation.breach.lookback.ms";
    public static final String SIGHTINGS_STORE = "screening.observation.sightings.store";
    public static final String CHECKIN_SLOTS = "screening.observation.checkin.slots";
    public static final String CHECKIN_GRACE_MS = "screening.observation.checkin.grace.ms";
    public static final String OBSERVATION_PUNCTUATION_INTERVAL_MS = "screening.observation.punctuation.interval.ms";

    public static final String DEFAULT_TIME_ZONE = "Asia/Shanghai";
    public static final String DEFAULT_CHECKIN_SLOTS = "10:00,18:00";

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private static final ConfigDef DEF = new ConfigDef()
            .define(FEVER_THRESHOLD_CELSIUS, Type.DOUBLE, TemperatureRule.DEFAULTS.feverCelsius(), Range.between(35.0, 42.0), Importance.HIGH,
                    "A plausible reading at or above this (°C, after unit conversion and calibration) is a fever.")
            .define(PLAUSIBLE_MIN_CELSIUS, Type.DOUBLE, TemperatureRule.DEFAULTS.plausibleMinCelsius(), Range.between(20.0, 40.0), Importance.HIGH,
                    "Lowest plausible human reading (°C). Lower readings (cold IR thermometers) are device faults, never normal.")
            .define(PLAUSIBLE_MAX_CELSIUS, Type.DOUBLE, TemperatureRule.DEFAULTS.plausibleMaxCelsius(), Range.between(38.0, 50.0), Importance.HIGH,
                    "Highest plausible human reading (°C). Higher readings are device faults, never fevers.")
            .define(DEDUPE_RETENTION_MS, Type.LONG, DAY, Range.between(MINUTE, 30 * DAY), Importance.HIGH,
                    "How far back in event time a resent scan (same eventId) is still recognised as a duplicate.")
            .define(DEDUPE_STORE, Type.STRING, StorePlacement.IN_MEMORY.value(), StorePlacement.validator(), Importance.MEDIUM,
                    "Where the index of event ids seen within " + DEDUPE_RETENTION_MS + " is kept: " + StorePlacement.IN_MEMORY.value()
                            + " (on the heap in a compact table, about 80 bytes per scan for a 36-character eventId; rebuilt from its journal "
                            + "<application.id>-screening-dedupe-journal-changelog at every start) or " + StorePlacement.ROCKS_DB.value()
                            + " (on local disk within rocksdb.block.cache.bytes, rebuilt only after a crash; the screening stream thread then "
                            + "needs about 7 µs more per scan: BENCHMARKS.md).")
            .define(MAX_FUTURE_SKEW_MS, Type.LONG, 10 * MINUTE, Range.between(0L, HOUR), Importance.MEDIUM,
                    "Scans stamped further than this ahead of the wall clock are refused (future_timestamp). "
                            + "At most 1 h: brokers refuse records stamped more than message.timestamp.after.max.ms (default 1 h) ahead.")
            .define(MAX_AGE_MS, Type.LONG, DAY, Range.between(MINUTE, 30 * DAY), Importance.MEDIUM,
                    "Scans older than this (wall clock minus scan time) are refused (stale_timestamp); "
                            + "covers gates that buffer offline. Must not exceed " + DEDUPE_RETENTION_MS + ".")
            .define(ESCALATION_WINDOW_MS, Type.LONG, HOUR, Range.between(MINUTE, DAY), Importance.HIGH,
                    "A flagged scan escalates (MULTI_CHECKPOINT) when the same person was flagged at another checkpoint "
                            + "at most this long before it (inclusive).")
            .define(FAULT_RATE_WINDOW_MS, Type.LONG, 10 * MINUTE, Range.between(MINUTE, DAY), Importance.MEDIUM,
                    "Tumbling event-time window over which a device's implausible-reading rate is measured.")
            .define(FAULT_RATE_THRESHOLD, Type.DOUBLE, 0.5, Range.between(0.01, 1.0), Importance.MEDIUM,
                    "Share of a device's readings in one window that must be implausible to raise DEVICE_FAULT_RATE.")
            .define(FAULT_RATE_MIN_READINGS, Type.INT, 10, Range.between(1, 100_000), Importance.MEDIUM,
                    "Readings a device must have in the window before its fault rate is judged.")
            .define(TIME_ZONE, Type.STRING, DEFAULT_TIME_ZONE, ZoneIds.validator(), Importance.HIGH,
                    "IANA time zone of the deployment: observation periods run from local midnight of their first day "
                            + "to local midnight after their last, check-in deadlines are local times. The application sets it from time.zone.")
            .define(OBSERVATION_ENABLED, Type.BOOLEAN, true, Importance.HIGH,
                    "Home observation: breaches (OBSERVATION_BREACH) and missed check-ins (MISSED_CHECKIN) against the "
                            + "watchlist on gatewatch.observation. It costs up to a quarter of the pipeline's throughput (every "
                            + "gate and check-in scan once more through the broker and into the lookback: BENCHMARKS.md, session 15); a deployment "
                            + "without a home-observation programme may turn it off, and then needs no gatewatch.observation.")
            .define(OBSERVATION_LOOKBACK_MS, Type.LONG, 10 * MINUTE, Range.between(MINUTE, DAY), Importance.HIGH,
                    "A gate scan processed before the watchlist entry that makes it a breach (OBSERVATION_BREACH) still "
                            + "raises it when its event time is at most this far behind the newest record the person's task "
                            + "has seen when the entry arrives. Every gate and check-in sighting is kept this long, where "
                            + SIGHTINGS_STORE + " says, and as much again in its journal topic (about 170 bytes each: at 23 000 scans/s "
                            + "the 10 min default holds ~14 M sightings, ~2.3 GB across all instances).")
            .define(SIGHTINGS_STORE, Type.STRING, StorePlacement.IN_MEMORY.value(), StorePlacement.validator(), Importance.MEDIUM,
                    "Where the sightings of the last " + OBSERVATION_LOOKBACK_MS + " are kept: " + StorePlacement.IN_MEMORY.value()
                            + " (on the heap in compact tables, about 300 bytes per gate or check-in scan; rebuilt from its journal "
                            + "<application.id>-screening-observation-sightings-journal-changelog at every start) or "
                            + StorePlacement.ROCKS_DB.value() + " (on local disk within rocksdb.block.cache.bytes, rebuilt only after a "
                            + "crash; the pipeline then needs several µs more process CPU per scan: BENCHMARKS.md, session 15).")
            .define(CHECKIN_SLOTS, Type.STRING, DEFAULT_CHECKIN_SLOTS, new CheckinSlotsValidator(), Importance.HIGH,
                    "Local deadlines (HH:mm, comma-separated, increasing) by which a person under HOME observation reports "
                            + "a temperature (PHONE_APP or STAFF_ENTRY scan). A slot with no report raises MISSED_CHECKIN.")
            .define(CHECKIN_GRACE_MS, Type.LONG, 30 * MINUTE, Range.between(0L, DAY), Importance.MEDIUM,
                    "How long after a check-in deadline a late-uploaded report still fills its slot; MISSED_CHECKIN is "
                            + "raised this long after the deadline.")
            .define(OBSERVATION_PUNCTUATION_INTERVAL_MS, Type.LONG, MINUTE, Range.between(100L, HOUR), Importance.LOW,
                    "Wall-clock interval at which missed check-ins are decided, also when no scans arrive.");

    public ScreeningConfig(Map<?, ?> props) {
        super(DEF, props, false);
        double min = getDouble(PLAUSIBLE_MIN_CELSIUS);
        double max = getDouble(PLAUSIBLE_MAX_CELSIUS);
        double fever = getDouble(FEVER_THRESHOLD_CELSIUS);
        if (!(min < fever && fever <= max)) {
            throw new ConfigException(FEVER_THRESHOLD_CELSIUS, fever,
                    "must lie above " + PLAUSIBLE_MIN_CELSIUS + " (" + min + ") and at most " + PLAUSIBLE_MAX_CELSIUS + " (" + max + ")");
        }
        if (getLong(MAX_AGE_MS) > getLong(DEDUPE_RETENTION_MS)) {
            throw new ConfigException(MAX_AGE_MS, getLong(MAX_AGE_MS),
                    "must not exceed " + DEDUPE_RETENTION_MS + " (" + getLong(DEDUPE_RETENTION_MS)
                            + "): an older scan could not be recognised as a duplicate");
        }
    }

    /** The defaults. */
    public static ScreeningConfig defaults() {
        return new ScreeningConfig(Map.of());
    }

    /** Accepts what {@link CheckinSchedule#parse} accepts. */
    private static final class CheckinSlotsValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                CheckinSchedule.parse((String) value, ZoneOffset.UTC);
            } catch (RuntimeException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "local deadlines HH:mm, comma-separated, increasing, e.g. 10:00,18:00";
        }
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }

    /** The temperature rule these settings describe (the one the simulator's ground truth must use too). */
    public TemperatureRule temperatureRule() {
        return new TemperatureRule(feverThresholdCelsius(), plausibleMinCelsius(), plausibleMaxCelsius());
    }

    public double feverThresholdCelsius() {
        return getDouble(FEVER_THRESHOLD_CELSIUS);
    }

    public double plausibleMinCelsius() {
        return getDouble(PLAUSIBLE_MIN_CELSIUS);
    }

    public double plausibleMaxCelsius() {
        return getDouble(PLAUSIBLE_MAX_CELSIUS);
    }

    public long dedupeRetentionMs() {
        return getLong(DEDUPE_RETENTION_MS);
    }

    public StorePlacement dedupeStore() {
        return StorePlacement.of(getString(DEDUPE_STORE));
    }

    public long maxFutureSkewMs() {
        return getLong(MAX_FUTURE_SKEW_MS);
    }

    public long maxAgeMs() {
        return getLong(MAX_AGE_MS);
    }

    public long escalationWindowMs() {
        return getLong(ESCALATION_WINDOW_MS);
    }

    public long faultRateWindowMs() {
        return getLong(FAULT_RATE_WINDOW_MS);
    }

    public double faultRateThreshold() {
        return getDouble(FAULT_RATE_THRESHOLD);
    }

    public int faultRateMinReadings() {
        return getInt(FAULT_RATE_MIN_READINGS);
    }

    public ZoneId timeZone() {
        return ZoneId.of(getString(TIME_ZONE));
    }

    /** Whether breaches and missed check-ins are detected ({@value #OBSERVATION_ENABLED}). */
    public boolean observationEnabled() {
        return getBoolean(OBSERVATION_ENABLED);
    }

    public long observationLookbackMs() {
        return getLong(OBSERVATION_LOOKBACK_MS);
    }

    public StorePlacement sightingsStore() {
        return StorePlacement.of(getString(SIGHTINGS_STORE));
    }

    /** The check-in schedule in the deployment's zone (the rule the simulator's ground truth uses too). */
    public CheckinSchedule checkinSchedule() {
        return CheckinSchedule.parse(getString(CHECKIN_SLOTS), timeZone());
    }

    public long checkinGraceMs() {
        return getLong(CHECKIN_GRACE_MS);
    }

    public long observationPunctuationIntervalMs() {
        return getLong(OBSERVATION_PUNCTUATION_INTERVAL_MS);
    }

    /**
     * Retention of every event-time store: the oldest accepted scan is {@link #maxAgeMs()} behind the
     * wall clock while stream time can be {@link #maxFutureSkewMs()} ahead of it, so this span keeps
     * every accepted scan's state reachable.
     */
    long lateArrivalSpanMs() {
        return maxAgeMs() + maxFutureSkewMs();
    }
}

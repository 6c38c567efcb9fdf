package io.gatewatch.producers.sim;

import io.gatewatch.schema.CheckinSchedule;
import io.gatewatch.schema.TemperatureRule;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * What the simulated county looks like and how its gates behave: everything {@link ScanGenerator}
 * needs, nothing about Kafka. The same keys with the same seed (and an explicit
 * {@code sim.start}) give the same events, byte for byte.
 */
public class ScenarioConfig extends AbstractConfig {
    public static final String SEED = "sim.seed";
    public static final String START = "sim.start";
    public static final String DURATION_MS = "sim.duration.ms";
    public static final String TIME_ZONE = "sim.time.zone";
    public static final String COUNTY_CODE = "sim.county.code";
    public static final String TOWNSHIPS = "sim.townships";
    public static final String VILLAGES = "sim.villages";
    public static final String CHECKPOINTS_PER_VILLAGE = "sim.checkpoints.per.village";
    public static final String DEVICES_PER_CHECKPOINT = "sim.devices.per.checkpoint";
    public static final String RESIDENTS_PER_VILLAGE = "sim.residents.per.village";
    public static final String VISITORS = "sim.visitors";
    public static final String VISITOR_SHARE = "sim.visitor.share";
    public static final String SCANS_PER_VILLAGE_PER_DAY = "sim.scans.per.village.per.day";
    public static final String HOURLY_PROFILE = "sim.hourly.profile";
    public static final String FEVER_RATE = "sim.fever.rate";
    public static final String NON_GREEN_RATE = "sim.non.green.rate";
    public static final String RED_SHARE = "sim.red.share";
    public static final String VEHICLE_SHARE = "sim.vehicle.share";
    public static final String FAHRENHEIT_DEVICE_SHARE = "sim.fahrenheit.device.share";
    public static final String AMBIENT_MIN_CELSIUS = "sim.ambient.min.celsius";
    public static final String AMBIENT_MAX_CELSIUS = "sim.ambient.max.celsius";
    public static final String COLD_LOW_READING_RATE = "sim.cold.low.reading.rate";
    public static final String SENSOR_GLITCH_RATE = "sim.sensor.glitch.rate";
    public static final String UNREADABLE_CODE_RATE = "sim.unreadable.code.rate";
    public static final String PHONE_APP_SHARE = "sim.phone.app.share";
    public static final String CLINIC_SHARE = "sim.clinic.share";
    public static final String RETRY_OTHER_GATE_PROBABILITY = "sim.retry.other.gate.probability";
    public static final String DUPLICATE_RATE = "sim.duplicate.rate";
    public static final String OUTAGE_RATE = "sim.outage.rate";
    public static final String OUTAGE_MIN_MS = "sim.outage.min.ms";
    public static final String OUTAGE_MAX_MS = "sim.outage.max.ms";
    public static final String MALFORMED_RATE = "sim.malformed.rate";
    public static final String PSEUDONYM_SECRET = "sim.pseudonym.secret";
    public static final String FEVER_THRESHOLD_CELSIUS = "sim.fever.threshold.celsius";
    public static final String PLAUSIBLE_MIN_CELSIUS = "sim.plausible.min.celsius";
    public static final String PLAUSIBLE_MAX_CELSIUS = "sim.plausible.max.celsius";
    public static final String TRUTH_PER_EVENT = "sim.truth.per.event";
    public static final String OBSERVATION_HOME_SHARE = "sim.observation.home.share";
    public static final String OBSERVATION_CENTRAL_SHARE = "sim.observation.central.share";
    public static final String OBSERVATION_BREACH_PROBABILITY = "sim.observation.breach.probability";
    public static final String CHECKIN_COMPLIANCE = "sim.observation.checkin.compliance";
    public static final String CHECKIN_SCHEDULE = "sim.observation.checkin.schedule";

    /** The check-in deadlines screening uses by default: by 10:00 and by 18:00 local. */
    public static final String DEFAULT_CHECKIN_SCHEDULE = "10:00,18:00";

    /** Quiet nights, a morning peak at 07:00–08:00, a lunch bump, an evening peak at 17:00–19:00 (local time). */
    public static final List<String> DEFAULT_HOURLY_PROFILE = List.of(
            "0.05", "0.03", "0.02", "0.02", "0.05", "0.2", "0.6", "1.0", "0.9", "0.5", "0.4", "0.45",
            "0.6", "0.45", "0.4", "0.4", "0.55", "0.9", "1.0", "0.7", "0.4", "0.25", "0.15", "0.08");

    private static final Range SHARE = Range.between(0.0, 1.0);

    private static final ConfigDef DEF = define(new ConfigDef());

    public ScenarioConfig(Map<?, ?> props) {
        this(DEF, props);
    }

    protected ScenarioConfig(ConfigDef def, Map<?, ?> props) {
        super(def, props, false);
        if (getLong(OUTAGE_MIN_MS) > getLong(OUTAGE_MAX_MS)) {
            throw new ConfigException(OUTAGE_MIN_MS, getLong(OUTAGE_MIN_MS), "must not exceed " + OUTAGE_MAX_MS);
        }
        if (getDouble(AMBIENT_MIN_CELSIUS) > getDouble(AMBIENT_MAX_CELSIUS)) {
            throw new ConfigException(AMBIENT_MIN_CELSIUS, getDouble(AMBIENT_MIN_CELSIUS), "must not exceed " + AMBIENT_MAX_CELSIUS);
        }
        if (getInt(VILLAGES) < getInt(TOWNSHIPS)) {
            throw new ConfigException(VILLAGES, getInt(VILLAGES), "needs at least one village per township (" + TOWNSHIPS + ")");
        }
        if ((getInt(VILLAGES) + getInt(TOWNSHIPS) - 1) / getInt(TOWNSHIPS) > 799) {
            throw new ConfigException(VILLAGES, getInt(VILLAGES), "at most 799 villages per township fit a 3-digit village code");
        }
        if (getDouble(PHONE_APP_SHARE) + getDouble(CLINIC_SHARE) > 1.0) {
            throw new ConfigException(PHONE_APP_SHARE, getDouble(PHONE_APP_SHARE), "plus " + CLINIC_SHARE + " must not exceed 1");
        }
        try {
            temperatureRule();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(FEVER_THRESHOLD_CELSIUS, getDouble(FEVER_THRESHOLD_CELSIUS), e.getMessage());
        }
        if (getDouble(OBSERVATION_HOME_SHARE) + getDouble(OBSERVATION_CENTRAL_SHARE) > 1.0) {
            throw new ConfigException(OBSERVATION_HOME_SHARE, getDouble(OBSERVATION_HOME_SHARE),
                    "plus " + OBSERVATION_CENTRAL_SHARE + " must not exceed 1");
        }
        try {
            checkinSchedule();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(CHECKIN_SCHEDULE, getString(CHECKIN_SCHEDULE), e.getMessage());
        }
        start(Clock.systemUTC()); // fail now on a bad sim.start
    }

    /** Adds the scenario keys to {@code def} and returns it. */
    public static ConfigDef define(ConfigDef def) {
        return def
                .define(SEED, Type.LONG, 42L, Importance.HIGH,
                        "Random seed. The same seed and settings (with an explicit sim.start) give the same events.")
                .define(START, Type.STRING, "", startValidator(), Importance.HIGH,
                        "Simulated start: an ISO local date-time in sim.time.zone (2022-12-01T06:00) or an ISO instant "
                                + "(2022-11-30T22:00:00Z). Empty: now minus sim.duration.ms, truncated to the hour (a replay of "
                                + "the last day that ends about now, so screening does not reject it as too old or in the future).")
                .define(DURATION_MS, Type.LONG, Duration.ofDays(1).toMillis(), Range.atLeast(0), Importance.HIGH,
                        "Simulated time covered, in event time. 0 = endless.")
                .define(TIME_ZONE, Type.STRING, "Asia/Shanghai", zoneValidator(), Importance.MEDIUM,
                        "Local time zone of the gates: the daily rhythm and the ground truth's local days use it.")
                .define(COUNTY_CODE, Type.STRING, "330127", digits(6), Importance.MEDIUM,
                        "6-digit code of the simulated county; townships and villages extend it to 9 and 12 digits.")
                .define(TOWNSHIPS, Type.INT, 3, Range.between(1, 899), Importance.MEDIUM, "Townships in the county.")
                .define(VILLAGES, Type.INT, 12, Range.between(1, 100_000), Importance.HIGH,
                        "Villages in the county, spread evenly over the townships (at most 799 per township).")
                .define(CHECKPOINTS_PER_VILLAGE, Type.INT, 2, Range.between(1, 99), Importance.MEDIUM, "Checkpoints (gates) per village.")
                .define(DEVICES_PER_CHECKPOINT, Type.INT, 1, Range.between(1, 9), Importance.MEDIUM, "Gate devices per checkpoint.")
                .define(RESIDENTS_PER_VILLAGE, Type.INT, 300, Range.between(1, 1_000_000), Importance.MEDIUM,
                        "Residents per village, each a stable person token.")
                .define(VISITORS, Type.INT, 200, Range.atLeast(0), Importance.MEDIUM, "Visitors (外来人员) in the county-wide pool.")
                .define(VISITOR_SHARE, Type.DOUBLE, 0.1, SHARE, Importance.LOW, "Share of scans that are of visitors.")
                .define(SCANS_PER_VILLAGE_PER_DAY, Type.DOUBLE, 1500.0, Range.atLeast(0.0), Importance.HIGH,
                        "Mean scans per village per day (all its checkpoints), shaped by sim.hourly.profile.")
                .define(HOURLY_PROFILE, Type.LIST, DEFAULT_HOURLY_PROFILE, profileValidator(), Importance.LOW,
                        "24 relative weights, local hours 0..23: how a day's scans spread over the hours.")
                .define(FEVER_RATE, Type.DOUBLE, 0.003, SHARE, Importance.HIGH,
                        "Share of persons running a fever (every reading of theirs is febrile).")
                .define(NON_GREEN_RATE, Type.DOUBLE, 0.01, SHARE, Importance.HIGH, "Share of persons whose health code is not green.")
                .define(RED_SHARE, Type.DOUBLE, 0.2, SHARE, Importance.MEDIUM, "Of the non-green persons, the share with a RED code (the rest YELLOW).")
                .define(VEHICLE_SHARE, Type.DOUBLE, 0.15, SHARE, Importance.LOW, "Share of persons who arrive by vehicle (plate recorded).")
                .define(FAHRENHEIT_DEVICE_SHARE, Type.DOUBLE, 0.1, SHARE, Importance.MEDIUM, "Share of gate devices that report Fahrenheit.")
                .define(AMBIENT_MIN_CELSIUS, Type.DOUBLE, -6.0, Importance.LOW, "Coldest ambient temperature of the day (about 05:00 local).")
                .define(AMBIENT_MAX_CELSIUS, Type.DOUBLE, 6.0, Importance.LOW, "Warmest ambient temperature of the day (about 14:00 local).")
                .define(COLD_LOW_READING_RATE, Type.DOUBLE, 0.15, SHARE, Importance.MEDIUM,
                        "Below 0 °C ambient, the share of IR readings that come out far too low (28–33.5 °C: a device fault).")
                .define(SENSOR_GLITCH_RATE, Type.DOUBLE, 0.0005, SHARE, Importance.LOW, "Share of readings that are garbage (NaN or above 44 °C).")
                .define(UNREADABLE_CODE_RATE, Type.DOUBLE, 0.005, SHARE, Importance.MEDIUM,
                        "Share of gate scans where the code could not be read (UNREADABLE, no person token).")
                .define(PHONE_APP_SHARE, Type.DOUBLE, 0.03, SHARE, Importance.LOW, "Share of scans that are phone-app self-scans (no temperature).")
                .define(CLINIC_SHARE, Type.DOUBLE, 0.002, SHARE, Importance.LOW,
                        "Share of scans that are clinic fever reports (axillary reading of a person with a fever, when the village has one).")
                .define(RETRY_OTHER_GATE_PROBABILITY, Type.DOUBLE, 0.5, SHARE, Importance.LOW,
                        "Probability that a person refused entry (fever or non-green code) tries another checkpoint 10–60 minutes later.")
                .define(DUPLICATE_RATE, Type.DOUBLE, 0.01, SHARE, Importance.MEDIUM,
                        "Share of scans the device sends twice (same event id, 1–120 s apart).")
                .define(OUTAGE_RATE, Type.DOUBLE, 0.05, SHARE, Importance.MEDIUM,
                        "Probability per gate device and local day of one connectivity outage; its scans upload when it ends.")
                .define(OUTAGE_MIN_MS, Type.LONG, Duration.ofHours(1).toMillis(), Range.atLeast(0), Importance.LOW, "Shortest outage.")
                .define(OUTAGE_MAX_MS, Type.LONG, Duration.ofHours(6).toMillis(), Range.atLeast(0), Importance.LOW, "Longest outage.")
                .define(MALFORMED_RATE, Type.DOUBLE, 0.0, SHARE, Importance.LOW,
                        "Per scan, the probability of also sending a malformed record (bytes that are not a valid ScanEvent).")
                .define(PSEUDONYM_SECRET, Type.PASSWORD, "gatewatch-simulator-demo-secret", secretLength(), Importance.LOW,
                        "HMAC secret turning the simulated identity numbers and plates into tokens (as a gate would).")
                .define(FEVER_THRESHOLD_CELSIUS, Type.DOUBLE, TemperatureRule.DEFAULTS.feverCelsius(), Importance.MEDIUM,
                        "Fever threshold the ground truth uses: keep it equal to the screening topology's.")
                .define(PLAUSIBLE_MIN_CELSIUS, Type.DOUBLE, TemperatureRule.DEFAULTS.plausibleMinCelsius(), Importance.MEDIUM,
                        "Lowest plausible reading the ground truth uses: keep it equal to the screening topology's.")
                .define(PLAUSIBLE_MAX_CELSIUS, Type.DOUBLE, TemperatureRule.DEFAULTS.plausibleMaxCelsius(), Importance.MEDIUM,
                        "Highest plausible reading the ground truth uses: keep it equal to the screening topology's.")
                .define(TRUTH_PER_EVENT, Type.BOOLEAN, false, Importance.LOW,
                        "Keep the expected classification of every event in the ground truth (tests; memory grows with the run).")
                .define(OBSERVATION_HOME_SHARE, Type.DOUBLE, 0.01, SHARE, Importance.MEDIUM,
                        "Share of residents under HOME medical observation (居家医学观察) on the simulated watchlist: they stay "
                                + "home (no gate scans but breaches) and report their temperature by phone app in the check-in slots they owe.")
                .define(OBSERVATION_CENTRAL_SHARE, Type.DOUBLE, 0.005, SHARE, Importance.LOW,
                        "Share of residents under CENTRAL observation (集中隔离医学观察) on the simulated watchlist: they are in a "
                                + "facility and pass no gate.")
                .define(OBSERVATION_BREACH_PROBABILITY, Type.DOUBLE, 0.2, SHARE, Importance.MEDIUM,
                        "Probability that a person under HOME observation, drawn for a gate visit, goes out anyway: a breach. "
                                + "Otherwise they stay home and someone else passes the gate.")
                .define(CHECKIN_COMPLIANCE, Type.DOUBLE, 0.85, SHARE, Importance.MEDIUM,
                        "Probability that a person under HOME observation reports their temperature (a PHONE_APP scan) in a "
                                + "check-in slot they owe; the other slots are missed check-ins.")
                .define(CHECKIN_SCHEDULE, Type.STRING, DEFAULT_CHECKIN_SCHEDULE, Importance.MEDIUM,
                        "Check-in deadlines (local HH:mm, comma-separated) the simulated people report by and the ground truth "
                                + "counts missed slots with: keep it equal to the screening topology's.");
    }

    public static ConfigDef configDef() {
        return define(new ConfigDef());
    }

    public ZoneId zone() {
        return ZoneId.of(getString(TIME_ZONE));
    }

    public TemperatureRule temperatureRule() {
        return new TemperatureRule(getDouble(FEVER_THRESHOLD_CELSIUS), getDouble(PLAUSIBLE_MIN_CELSIUS), getDouble(PLAUSIBLE_MAX_CELSIUS));
    }

    /** The simulated start; {@code clock} is read only when {@code sim.start} is empty. */
    public Instant start(Clock clock) {
        String value = getString(START).trim();
        if (value.isEmpty()) {
            return clock.instant().minusMillis(getLong(DURATION_MS)).truncatedTo(ChronoUnit.HOURS);
        }
        return parseStart(value, zone());
    }

    /** When people under HOME observation report, in {@code sim.time.zone}. */
    public CheckinSchedule checkinSchedule() {
        return CheckinSchedule.parse(getString(CHECKIN_SCHEDULE), zone());
    }

    public byte[] pseudonymSecret() {
        return getPassword(PSEUDONYM_SECRET).value().getBytes(StandardCharsets.UTF_8);
    }

    public double[] hourlyProfile() {
        return getList(HOURLY_PROFILE).stream().mapToDouble(Double::parseDouble).toArray();
    }

    static Instant parseStart(String value, ZoneId zone) {
        return value.endsWith("Z") || value.matches(".*[+-]\\d{2}:\\d{2}$")
                ? java.time.OffsetDateTime.parse(value).toInstant()
                : LocalDateTime.parse(value).atZone(zone).toInstant();
    }

    private static ConfigDef.Validator startValidator() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            String text = value == null ? "" : value.toString().trim();
            if (!text.isEmpty()) {
                try {
                    parseStart(text, ZoneId.of("UTC"));
                } catch (DateTimeException e) {
                    throw new ConfigException(name, value, "not an ISO local date-time or instant");
                }
            }
        }, () -> "ISO local date-time, ISO instant, or empty");
    }

    private static ConfigDef.Validator zoneValidator() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            try {
                ZoneId.of(value.toString());
            } catch (DateTimeException e) {
                throw new ConfigException(name, value, "not an IANA time zone");
            }
        }, () -> "IANA time zone id");
    }

    private static ConfigDef.Validator digits(int count) {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (value == null || !value.toString().matches("\\d{" + count + "}")) {
                throw new ConfigException(name, value, "must be " + count + " digits");
            }
        }, () -> count + " digits");
    }

    private static ConfigDef.Validator profileValidator() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            List<?> list = (List<?>) value;
            if (list.size() != 24) {
                throw new ConfigException(name, value, "needs 24 weights, one per local hour");
            }
            double sum = 0;
            for (Object weight : list) {
                double w;
                try {
                    w = Double.parseDouble(weight.toString());
                } catch (NumberFormatException e) {
                    throw new ConfigException(name, value, "weights must be numbers");
                }
                if (!(w >= 0) || Double.isInfinite(w)) {
                    throw new ConfigException(name, value, "weights must be finite and non-negative");
                }
                sum += w;
            }
            if (sum <= 0) {
                throw new ConfigException(name, value, "at least one weight must be positive");
            }
        }, () -> "24 non-negative weights");
    }

    private static ConfigDef.Validator secretLength() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (value == null || ((Password) value).value().getBytes(StandardCharsets.UTF_8).length < 16) {
                throw new ConfigException(name, value, "must be at least 16 bytes (UTF-8)");
            }
        }, () -> "secret of at least 16 bytes");
    }
}

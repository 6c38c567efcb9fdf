package io.gatewatch.producers.sim;

import io.gatewatch.producers.sim.GroundTruth.ExpectedScan;
import io.gatewatch.producers.sim.SimRecord.MalformedKind;
import io.gatewatch.producers.sim.World.Checkpoint;
import io.gatewatch.producers.sim.World.Device;
import io.gatewatch.producers.sim.World.Person;
import io.gatewatch.producers.sim.World.Village;
import io.gatewatch.producers.sim.SimWatchlist.Observation;
import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.CheckinSchedule;
import io.gatewatch.schema.CheckinSchedule.Slot;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TemperatureReading;
import io.gatewatch.schema.TemperatureRule;
import io.gatewatch.schema.TemperatureStatus;
import io.gatewatch.schema.TemperatureUnit;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The pure traffic generator: seed and scenario in, a deterministic sequence of {@link SimRecord}s
 * out, in the order they leave the devices. No Kafka, no clock reads (except an empty
 * {@code sim.start}), no threads: tests and benchmarks iterate it directly;
 * {@link Simulator} publishes it.
 *
 * <h2>The model</h2>
 * <ul>
 *   <li>Each checkpoint sees a Poisson stream of arrivals whose rate follows the local-hour
 *       profile ({@code sim.hourly.profile} × {@code sim.scans.per.village.per.day}). An arrival is
 *       a phone-app self-scan, a clinic fever report, or (mostly) a gate scan of a resident or a
 *       visitor on one of the checkpoint's devices.</li>
 *   <li>A gate reading is the person's temperature (a fever for febrile persons), minus the device's
 *       calibration offset, in the device's unit, rounded to 0.1; below 0 °C ambient some IR readings
 *       read far too low, and a few readings are garbage. Readings within 0.01 °C of a threshold
 *       are moved 0.1 up, so the expected class never hangs on floating-point rounding.</li>
 *   <li>A person refused entry (fever, YELLOW, RED) may try another checkpoint 10–60 min later.</li>
 *   <li>Some residents are on the watchlist ({@link SimWatchlist}). While under observation they
 *       make no phone-app self-scans at gates and pass no gate, except that a person under HOME
 *       observation drawn for a gate visit goes out anyway with {@code sim.observation.breach.probability}
 *       (a breach); otherwise another person is drawn. In every check-in slot a person under HOME
 *       observation owes ({@link CheckinSchedule}), they report their temperature by phone app at a
 *       random moment of the slot with {@code sim.observation.checkin.compliance}.</li>
 *   <li>A device may be offline for hours on a day: its scans are sent, in order, when it comes
 *       back (or when the simulation ends). Some scans are sent twice; some malformed records
 *       follow a scan when {@code sim.malformed.rate > 0}.</li>
 *   <li>Event ids are {@code <deviceId>-<8-digit sequence>}.</li>
 * </ul>
 * Records come out ordered by send time; a record's scan time is never after its send time.
 * {@link #groundTruth()} describes exactly the records returned so far.
 */
public final class ScanGenerator implements Iterator<SimRecord> {
    private static final long HOUR_MS = 3_600_000L;
    private static final long DAY_MS = 24 * HOUR_MS;

    private final TemperatureRule temperatureRule;
    private final ZoneId zone;
    private final World world;
    private final long startMs;
    private final long endMs;
    private final long seed;
    private final SplittableRandom random;
    private final double[] arrivalsPerCheckpointHour = new double[24];
    private final boolean anyArrivals;
    private final double ambientMin;
    private final double ambientMax;
    private final PriorityQueue<Arrival> arrivals = new PriorityQueue<>(
            Comparator.comparingLong(Arrival::time).thenComparingLong(Arrival::order));
    private final PriorityQueue<Pending> emissions = new PriorityQueue<>(
            Comparator.comparingLong(Pending::emitAt).thenComparingLong(Pending::order));
    private final Map<String, Long> sequences = new HashMap<>();
    private final Map<Long, Optional<long[]>> outages = new HashMap<>();
    private final GroundTruth.Recorder truth;
    private final double appShare;
    private final double clinicShare;
    private final double visitorShare;
    private final double unreadableRate;
    private final double retryProbability;
    private final double glitchRate;
    private final double coldLowRate;
    private final double duplicateRate;
    private final double malformedRate;
    private final double outageRate;
    private final long outageMinMs;
    private final long outageMaxMs;
    private final SimWatchlist watchlist;
    private final CheckinSchedule checkinSchedule;
    private final double breachProbability;
    private final double checkinCompliance;
    private long order;
    private long lastEmitMs;

    /** A generator whose empty {@code sim.start} means the current time. */
    public ScanGenerator(ScenarioConfig config) {
        this(config, Clock.systemUTC());
    }

    public ScanGenerator(ScenarioConfig config, Clock clock) {
        this.temperatureRule = config.temperatureRule();
        this.zone = config.zone();
        this.seed = config.getLong(ScenarioConfig.SEED);
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom geography = root.split();
        SplittableRandom population = root.split();
        this.random = root.split();
        SplittableRandom observation = root.split();
        this.world = World.build(config, geography, population);
        this.startMs = config.start(clock).toEpochMilli();
        this.lastEmitMs = startMs;
        long duration = config.getLong(ScenarioConfig.DURATION_MS);
        this.endMs = duration == 0 ? Long.MAX_VALUE : startMs + duration;
        this.ambientMin = config.getDouble(ScenarioConfig.AMBIENT_MIN_CELSIUS);
        this.ambientMax = config.getDouble(ScenarioConfig.AMBIENT_MAX_CELSIUS);
        // read once: AbstractConfig lookups are too slow for the per-scan path
        this.appShare = config.getDouble(ScenarioConfig.PHONE_APP_SHARE);
        this.clinicShare = config.getDouble(ScenarioConfig.CLINIC_SHARE);
        this.visitorShare = config.getDouble(ScenarioConfig.VISITOR_SHARE);
        this.unreadableRate = config.getDouble(ScenarioConfig.UNREADABLE_CODE_RATE);
        this.retryProbability = config.getDouble(ScenarioConfig.RETRY_OTHER_GATE_PROBABILITY);
        this.glitchRate = config.getDouble(ScenarioConfig.SENSOR_GLITCH_RATE);
        this.coldLowRate = config.getDouble(ScenarioConfig.COLD_LOW_READING_RATE);
        this.duplicateRate = config.getDouble(ScenarioConfig.DUPLICATE_RATE);
        this.malformedRate = config.getDouble(ScenarioConfig.MALFORMED_RATE);
        this.outageRate = config.getDouble(ScenarioConfig.OUTAGE_RATE);
        this.outageMinMs = config.getLong(ScenarioConfig.OUTAGE_MIN_MS);
        this.outageMaxMs = config.getLong(ScenarioConfig.OUTAGE_MAX_MS);
        this.watchlist = SimWatchlist.build(world, config.getDouble(ScenarioConfig.OBSERVATION_HOME_SHARE),
                config.getDouble(ScenarioConfig.OBSERVATION_CENTRAL_SHARE), Instant.ofEpochMilli(startMs), zone, observation);
        this.checkinSchedule = config.checkinSchedule();
        this.breachProbability = config.getDouble(ScenarioConfig.OBSERVATION_BREACH_PROBABILITY);
        this.checkinCompliance = config.getDouble(ScenarioConfig.CHECKIN_COMPLIANCE);
        this.truth = new GroundTruth.Recorder(zone, temperatureRule, config.getBoolean(ScenarioConfig.TRUTH_PER_EVENT),
                new GroundTruth.Watchlist(watchlist, checkinSchedule));

        double[] profile = config.hourlyProfile();
        double weights = 0;
        for (double w : profile) {
            weights += w;
        }
        double perVillageDay = config.getDouble(ScenarioConfig.SCANS_PER_VILLAGE_PER_DAY);
        int checkpointsPerVillage = config.getInt(ScenarioConfig.CHECKPOINTS_PER_VILLAGE);
        for (int h = 0; h < 24; h++) {
            arrivalsPerCheckpointHour[h] = perVillageDay * profile[h] / weights / checkpointsPerVillage;
        }
        this.anyArrivals = perVillageDay > 0;
        for (Checkpoint checkpoint : world.checkpoints()) {
            scheduleArrival(startMs, checkpoint.index(), null);
        }
        if (!watchlist.home().isEmpty()) {
            planSlotAt(firstSlotDueAfter(Instant.ofEpochMilli(startMs)));
        }
    }

    /** The simulated county: villages, checkpoints, devices, people (as tokens). */
    public World world() {
        return world;
    }

    /** The device registry to publish before the scans: one registration per gate device, stamped with the start. */
    public List<DeviceRegistration> deviceRegistrations() {
        Instant at = start();
        return world.devices().stream().map(d -> d.registration(at)).toList();
    }

    public Instant start() {
        return Instant.ofEpochMilli(startMs);
    }

    /** The simulated watchlist, to publish (timestamped {@link SimWatchlist#knownSince()}) before the scans. */
    public SimWatchlist watchlist() {
        return watchlist;
    }

    /** The watchlist's entries, as {@code gatewatch observation import} would write them. */
    public List<ObservationEntry> watchlistEntries() {
        return watchlist.entries();
    }

    /** The end of simulated event time, or null when endless. */
    public Instant end() {
        return endMs == Long.MAX_VALUE ? null : Instant.ofEpochMilli(endMs);
    }

    /** An immutable snapshot of the truth about every record returned so far. */
    public GroundTruth groundTruth() {
        boolean finished = endMs != Long.MAX_VALUE && emissions.isEmpty() && (arrivals.isEmpty() || arrivals.peek().time() >= endMs);
        // every report before this moment has been returned: records leave in send order, reports when they are made
        return truth.snapshot(Instant.ofEpochMilli(finished ? endMs : lastEmitMs));
    }

    /** The remaining records as a sequential stream (a finite one unless sim.duration.ms is 0). */
    public Stream<SimRecord> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        advance();
        return !emissions.isEmpty();
    }

    @Override
    public SimRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("simulation ended at " + end());
        }
        Pending pending = emissions.poll();
        lastEmitMs = Math.max(lastEmitMs, pending.emitAt());
        if (pending.record instanceof SimRecord.Scan scan) {
            truth.scan(pending.expected, pending.person, scan.duplicate());
        } else {
            truth.malformed();
        }
        return pending.record;
    }

    /** Materialises arrivals until the earliest pending record can be sent without overtaking one still to come. */
    private void advance() {
        while (true) {
            long nextArrival = arrivals.isEmpty() ? Long.MAX_VALUE : arrivals.peek().time();
            if (nextArrival >= endMs) {
                return; // no more scans; whatever is pending goes out in send order
            }
            if (!emissions.isEmpty() && emissions.peek().emitAt <= nextArrival) {
                return;
            }
            materialise(arrivals.poll());
        }
    }

    // ---------------------------------------------------------------- arrivals

    private void scheduleArrival(long from, int checkpoint, Person retrying) {
        long time = retrying != null ? from : nextPoissonArrival(from);
        if (time < endMs) {
            arrivals.add(new Arrival(time, order++, checkpoint, retrying, null, null));
        }
    }

    /** The first check-in slot whose deadline is after {@code time}. */
    private Slot firstSlotDueAfter(Instant time) {
        LocalDate day = LocalDate.ofInstant(time, zone);
        for (int i = 0; i < checkinSchedule.deadlines().size(); i++) {
            Slot slot = checkinSchedule.slot(day, i);
            if (slot.due().isAfter(time)) {
                return slot;
            }
        }
        return checkinSchedule.slot(day.plusDays(1), 0);
    }

    /** Plans the reports of {@code slot} when it opens (or at the start, for the slot open then). */
    private void planSlotAt(Slot slot) {
        long time = Math.max(slot.opens().toEpochMilli(), startMs);
        if (time < endMs) {
            arrivals.add(new Arrival(time, order++, -1, null, null, slot));
        }
    }

    /** Who of those owing {@code slot} reports, and when within it; then the next slot's turn. */
    private void planCheckins(Slot slot, long now) {
        long until = Math.min(slot.due().toEpochMilli(), endMs);
        Instant lastMoment = slot.due().minusMillis(1);
        for (Observation observation : watchlist.home()) {
            boolean owed = !checkinSchedule.owed(observation.period(), watchlist.knownSince(), lastMoment, slot.due()).isEmpty();
            if (owed && until > now && random.nextDouble() < checkinCompliance) {
                arrivals.add(new Arrival(now + random.nextLong(until - now), order++, -1, null, observation.person(), null));
            }
        }
        int next = slot.index() + 1;
        planSlotAt(next < checkinSchedule.deadlines().size() ? checkinSchedule.slot(slot.day(), next)
                : checkinSchedule.slot(slot.day().plusDays(1), 0));
    }

    /** Next arrival after {@code from} of a Poisson process whose rate is constant within each local hour. */
    private long nextPoissonArrival(long from) {
        if (!anyArrivals) {
            return Long.MAX_VALUE;
        }
        long t = from;
        while (t < endMs) {
            ZonedDateTime local = Instant.ofEpochMilli(t).atZone(zone);
            long hourEnd = local.truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant().toEpochMilli();
            double perMs = arrivalsPerCheckpointHour[local.getHour()] / HOUR_MS;
            if (perMs > 0) {
                double gap = -Math.log(1.0 - random.nextDouble()) / perMs;
                if (t + gap < hourEnd) {
                    return t + (long) Math.ceil(gap);
                }
            }
            t = hourEnd; // memoryless: start afresh at the next hour with its rate
        }
        return Long.MAX_VALUE;
    }

    private void materialise(Arrival arrival) {
        if (arrival.slot() != null) {
            planCheckins(arrival.slot(), arrival.time());
            return;
        }
        if (arrival.checkingIn() != null) {
            checkin(arrival.checkingIn(), arrival.time());
            return;
        }
        Checkpoint checkpoint = world.checkpoints().get(arrival.checkpoint());
        Village village = world.villageOf(checkpoint);
        if (arrival.retrying() == null) {
            scheduleArrival(arrival.time(), arrival.checkpoint(), null);
            double kind = random.nextDouble();
            if (kind < appShare) {
                phoneAppScan(village, checkpoint, arrival.time());
                return;
            }
            List<Person> febrile = world.febrileResidents(village.index());
            if (kind < appShare + clinicShare && !febrile.isEmpty()) {
                clinicReport(village, febrile.get(random.nextInt(febrile.size())), arrival.time());
                return;
            }
        }
        Person person = arrival.retrying() != null ? arrival.retrying() : pickPerson(village, arrival.time(), true);
        gateScan(checkpoint, village, person, arrival.time(), arrival.retrying() != null);
    }

    /**
     * Someone who passes a checkpoint of {@code village} at {@code time} ({@code atGate}: a gate
     * scan, else a phone-app self-scan): people under observation stay away, except for a breach.
     */
    private Person pickPerson(Village village, long time, boolean atGate) {
        Person person = drawPerson(village);
        for (int tries = 0; tries < 8 && staysAway(person, time, atGate); tries++) {
            person = drawPerson(village);
        }
        return person;
    }

    private boolean staysAway(Person person, long time, boolean atGate) {
        Observation observation = watchlist.of(person);
        if (observation == null || !observation.period().covers(Instant.ofEpochMilli(time))) {
            return false;
        }
        return !(atGate && observation.isHome() && random.nextDouble() < breachProbability);
    }

    private Person drawPerson(Village village) {
        List<Person> visitors = world.visitors();
        if (!visitors.isEmpty() && random.nextDouble() < visitorShare) {
            return visitors.get(random.nextInt(visitors.size()));
        }
        return village.residents().get(random.nextInt(village.residents().size()));
    }

    // ---------------------------------------------------------------- sources

    private void gateScan(Checkpoint checkpoint, Village village, Person person, long time, boolean retry) {
        Device device = checkpoint.devices().get(random.nextInt(checkpoint.devices().size()));
        boolean unreadable = random.nextDouble() < unreadableRate;
        Direction direction = retry || random.nextDouble() < 0.8 ? Direction.IN : Direction.OUT;
        double ambient = Math.round(ambient(time) * 10) / 10.0;
        double raw = reading(person, device, ambient);
        HealthCodeColour code = unreadable ? HealthCodeColour.UNREADABLE : person.code();
        ScanEvent event = ScanEvent.newBuilder()
                .setEventId(nextEventId(device.id()))
                .setSource(ScanSource.GATE_DEVICE)
                .setDeviceId(device.id())
                .setCheckpointId(checkpoint.id())
                .setVillageCode(village.code())
                .setDirection(direction)
                .setPersonToken(unreadable ? null : person.token())
                .setPersonKind(unreadable ? PersonKind.UNKNOWN_PERSON : kindAt(person, village))
                .setVehiclePlate(person.plate())
                .setScannedAt(Instant.ofEpochMilli(time))
                .setTemperature(TemperatureReading.newBuilder()
                        .setValue(raw).setUnit(device.unit()).setBodySite(device.bodySite()).setAmbientCelsius(ambient).build())
                .setHealthCode(code)
                .setTestResultAgeHours(unreadable ? null : random.nextInt(72))
                .build();
        Double celsius = TemperatureRule.toCelsius(raw, device.unit(), device.calibrationOffsetCelsius());
        long emitAt = uploadTime(device, time);
        ExpectedScan expected = emit(event, unreadable ? -1 : person.index(), emitAt, checkpoint.id(), celsius);

        boolean refused = expected.temperatureStatus() == TemperatureStatus.FEVER || expected.nonGreen();
        if (!retry && !unreadable && direction == Direction.IN && refused && world.checkpoints().size() > 1
                && random.nextDouble() < retryProbability) {
            int other = random.nextInt(world.checkpoints().size() - 1);
            if (other >= checkpoint.index()) {
                other++;
            }
            scheduleArrival(time + 10 * 60_000L + random.nextLong(50 * 60_000L), other, person);
        }
    }

    private void phoneAppScan(Village village, Checkpoint checkpoint, long time) {
        Person person = pickPerson(village, time, false);
        String client = "APP-" + village.code();
        ScanEvent event = ScanEvent.newBuilder()
                .setEventId(nextEventId(client))
                .setSource(ScanSource.PHONE_APP)
                .setDeviceId(client)
                .setCheckpointId(checkpoint.id())
                .setVillageCode(village.code())
                .setDirection(Direction.UNKNOWN_DIRECTION)
                .setPersonToken(person.token())
                .setPersonKind(kindAt(person, village))
                .setScannedAt(Instant.ofEpochMilli(time))
                .setHealthCode(person.code())
                .setTestResultAgeHours(random.nextInt(72))
                .build();
        emit(event, person.index(), time, checkpoint.id(), null);
    }

    /** A check-in: a person under HOME observation reports their temperature from home by phone app. */
    private void checkin(Person person, long time) {
        Village village = world.villages().get(person.homeVillage());
        double noise = random.nextGaussian() * 0.1;
        double measured = person.febrile() ? person.bodyCelsius() + noise : Math.min(37.15, person.bodyCelsius() + noise);
        // the reporting point is the app, like a clinic's: the person is at home, not at a gate
        axillaryReport(ScanSource.PHONE_APP, "APP-" + village.code(), village, person, time, measured);
    }

    private void clinicReport(Village village, Person person, long time) {
        axillaryReport(ScanSource.CLINIC, "CLINIC-" + village.townshipCode(), village, person, time,
                person.bodyCelsius() + random.nextGaussian() * 0.1);
    }

    /**
     * A resident's axillary reading in °C (to 0.1) reported by {@code reporter}, which is also the
     * reported checkpoint: ScreenedScan needs a checkpoint for every scan.
     */
    private void axillaryReport(ScanSource source, String reporter, Village village, Person person, long time, double celsius) {
        double raw = Math.round(celsius * 10) / 10.0;
        ScanEvent event = ScanEvent.newBuilder()
                .setEventId(nextEventId(reporter))
                .setSource(source)
                .setDeviceId(reporter)
                .setCheckpointId(reporter)
                .setVillageCode(village.code())
                .setDirection(Direction.UNKNOWN_DIRECTION)
                .setPersonToken(person.token())
                .setPersonKind(PersonKind.RESIDENT)
                .setScannedAt(Instant.ofEpochMilli(time))
                .setTemperature(TemperatureReading.newBuilder()
                        .setValue(raw).setUnit(TemperatureUnit.CELSIUS).setBodySite(BodySite.AXILLA).build())
                .build();
        emit(event, person.index(), time, reporter, TemperatureRule.toCelsius(raw, TemperatureUnit.CELSIUS, 0.0));
    }

    private static PersonKind kindAt(Person person, Village village) {
        return person.homeVillage() == village.index() ? PersonKind.RESIDENT : PersonKind.VISITOR;
    }

    // ---------------------------------------------------------------- readings

    /** The raw value a device shows: truth, cold or glitch, minus calibration, in its unit, to 0.1. */
    private double reading(Person person, Device device, double ambient) {
        double measured;
        if (random.nextDouble() < glitchRate) {
            measured = random.nextBoolean() ? Double.NaN : 44.0 + random.nextDouble() * 6.0;
        } else if (ambient < 0 && random.nextDouble() < coldLowRate) {
            measured = 28.0 + random.nextDouble() * 5.5;
        } else {
            double noise = random.nextGaussian() * (person.febrile() ? 0.2 : 0.12);
            measured = person.febrile() ? person.bodyCelsius() + noise : Math.min(37.15, person.bodyCelsius() + noise);
        }
        if (Double.isNaN(measured)) {
            return Double.NaN;
        }
        double celsius = measured - device.calibrationOffsetCelsius();
        double value = device.unit() == TemperatureUnit.FAHRENHEIT ? celsius * 9.0 / 5.0 + 32.0 : celsius;
        return Math.round(value * 10) / 10.0; // devices resolve 0.1 of their unit
    }

    /** Ambient temperature: coldest about 05:00 local, warmest about 14:00, cosine in between. */
    private double ambient(long time) {
        ZonedDateTime local = Instant.ofEpochMilli(time).atZone(zone);
        double hour = local.getHour() + local.getMinute() / 60.0;
        double warming;
        if (hour >= 5 && hour < 14) {
            warming = (1 - Math.cos(Math.PI * (hour - 5) / 9)) / 2;
        } else {
            warming = 1 - (1 - Math.cos(Math.PI * ((hour - 14 + 24) % 24) / 15)) / 2;
        }
        return ambientMin + (ambientMax - ambientMin) * warming;
    }

    // ---------------------------------------------------------------- sending

    private ExpectedScan emit(ScanEvent event, int person, long emitAt, String checkpointId, Double celsius) {
        TemperatureStatus status = temperatureRule.classify(celsius);
        HealthCodeColour code = event.getHealthCode();
        ExpectedScan expected = new ExpectedScan(event.getEventId(), event.getSource(), event.getDeviceId(), checkpointId,
                event.getVillageCode(), event.getScannedAt(), Instant.ofEpochMilli(emitAt), event.getPersonToken(),
                event.getPersonKind(), event.getDirection(), celsius, status, code,
                status == TemperatureStatus.IMPLAUSIBLE || code == HealthCodeColour.UNREADABLE, event.getVehiclePlate() != null);
        emissions.add(new Pending(emitAt, order++, new SimRecord.Scan(event, Instant.ofEpochMilli(emitAt), false), expected, person));
        if (random.nextDouble() < duplicateRate) {
            long resendAt = emitAt + 1000 + random.nextLong(119_000);
            emissions.add(new Pending(resendAt, order++, new SimRecord.Scan(event, Instant.ofEpochMilli(resendAt), true), expected, person));
        }
        if (random.nextDouble() < malformedRate) {
            emissions.add(new Pending(emitAt, order++, malformed(event.getDeviceId(), emitAt), null, -1));
        }
        return expected;
    }

    private SimRecord.Malformed malformed(String deviceId, long emitAt) {
        MalformedKind kind = random.nextBoolean() ? MalformedKind.NOT_WIRE_FORMAT : MalformedKind.UNKNOWN_SCHEMA_ID;
        byte[] value;
        if (kind == MalformedKind.NOT_WIRE_FORMAT) {
            value = ("{\"deviceId\":\"" + deviceId + "\",\"temp\":" + (36 + random.nextInt(3)) + "}").getBytes(StandardCharsets.UTF_8);
        } else {
            byte[] body = new byte[16 + random.nextInt(48)];
            random.nextBytes(body);
            value = ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(Integer.MAX_VALUE - random.nextInt(1000)).put(body).array();
        }
        return new SimRecord.Malformed(deviceId, kind, value, Instant.ofEpochMilli(emitAt));
    }

    /**
     * {@code <device>-<run>-<sequence>}: the run part (the simulated start, base 36) keeps two runs
     * apart, e.g. a demo resumed on the same data directory, whose ids would otherwise repeat and be
     * taken for retries; the same seed and start still give the same ids.
     */
    private String nextEventId(String deviceId) {
        String sequence = Long.toString(sequences.merge(deviceId, 1L, Long::sum));
        return deviceId + "-" + Long.toString(startMs, 36) + "-" + "00000000".substring(Math.min(8, sequence.length())) + sequence;
    }

    /** When a scan taken at {@code time} leaves the device: at once, or when its outage ends (at the latest, the end). */
    private long uploadTime(Device device, long time) {
        long day = Instant.ofEpochMilli(time).atZone(zone).toLocalDate().toEpochDay();
        long spanDays = outageMaxMs / DAY_MS + 1;
        for (long d = day - spanDays; d <= day; d++) {
            Optional<long[]> outage = outage(device, d);
            if (outage.isPresent() && time >= outage.get()[0] && time < outage.get()[1]) {
                return Math.min(outage.get()[1], endMs);
            }
        }
        return time;
    }

    /** The device's outage on a local day, if it has one: drawn from its own seeded stream, so order does not matter. */
    private Optional<long[]> outage(Device device, long epochDay) {
        return outages.computeIfAbsent(epochDay * 1_000_003L + device.index(), key -> {
            SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (device.index() + 1)) ^ (epochDay * 0xBF58476D1CE4E5B9L));
            if (r.nextDouble() >= outageRate) {
                return Optional.empty();
            }
            long dayStart = LocalDate.ofEpochDay(epochDay).atStartOfDay(zone).toInstant().toEpochMilli();
            long start = dayStart + r.nextLong(DAY_MS);
            long min = outageMinMs;
            long max = outageMaxMs;
            return Optional.of(new long[] {start, start + min + (max > min ? r.nextLong(max - min + 1) : 0)});
        });
    }

    /**
     * Something due at {@code time}: a planning of check-in {@code slot}, a check-in of {@code checkingIn},
     * or else an arrival at {@code checkpoint} (a retry of {@code retrying} when set).
     */
    private record Arrival(long time, long order, int checkpoint, Person retrying, Person checkingIn, Slot slot) {}

    /** A record waiting for its send time; {@code person} is the index of its person (-1: none) for the truth. */
    private record Pending(long emitAt, long order, SimRecord record, ExpectedScan expected, int person) {}
}

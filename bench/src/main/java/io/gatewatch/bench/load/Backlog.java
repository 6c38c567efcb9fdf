package io.gatewatch.bench.load;

import io.gatewatch.producers.sim.ScanGenerator;
import io.gatewatch.producers.sim.ScenarioConfig;
import io.gatewatch.producers.sim.SimRecord;
import io.gatewatch.producers.sim.SimulatorConfig;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The records every phase reads: {@code scans} records from the production simulator
 * ({@link ScanGenerator}: gate, phone-app and clinic scans, fevers, non-green codes, device
 * glitches and cold readings, retries at other gates, resends, offline devices, a few malformed
 * records), serialised once in the Confluent wire format, plus the device registrations.
 *
 * <p>The simulated county grows with the backlog, about five scans per person over the span: 200
 * villages of 1,000 residents for a million scans (12, the demo's count, at least). The scans'
 * event times span the two hours that end five minutes before generation: all within screening's
 * max age and before its future-skew limit.
 */
public final class Backlog {
    /** Simulated span of the backlog's event times. */
    static final Duration SPAN = Duration.ofHours(2);
    static final int MAX_VILLAGES = 200;
    static final int MIN_VILLAGES = 12;
    static final int RESIDENTS_PER_VILLAGE = 1_000;

    /**
     * Scans kept as objects for the paced phase to copy: the first this many of the backlog. The
     * backlog itself is kept as bytes only, packed into a few large arrays ({@link Packed}), so that
     * the harness's own heap does not weigh on the figures: a million decoded scans were ~450 MB that
     * the garbage collector marked again and again during every measured phase, and a million records
     * as two arrays each still three million objects for every marking cycle to visit (session 14).
     */
    static final int PACED_TEMPLATES = 100_000;

    /** One serialised record (a malformed one's value is not Avro). */
    public record Encoded(byte[] key, byte[] value) {}

    /**
     * Records packed into chunks of {@value #CHUNK_BYTES} bytes (one larger record in a chunk of its own) with their positions in primitive
     * arrays: a handful of objects for the collector however many records; {@link #get} copies one
     * record out.
     */
    static final class Packed extends AbstractList<Encoded> {
        static final int CHUNK_BYTES = 16 << 20;
        private final int chunkBytes;
        private final List<byte[]> chunks = new ArrayList<>();
        private long[] starts = new long[1024];
        private int[] keyLengths = new int[1024];
        private int[] valueLengths = new int[1024];
        private int size;
        private int used;
        private long bytes;

        Packed() {
            this(CHUNK_BYTES);
        }

        Packed(int chunkBytes) {
            this.chunkBytes = chunkBytes;
            this.used = chunkBytes;
        }

        void add(byte[] key, byte[] value) {
            int length = key.length + value.length;
            if (used + length > chunkBytes) {
                chunks.add(new byte[Math.max(chunkBytes, length)]);
                used = 0;
            }
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size * 2);
                keyLengths = Arrays.copyOf(keyLengths, size * 2);
                valueLengths = Arrays.copyOf(valueLengths, size * 2);
            }
            byte[] chunk = chunks.get(chunks.size() - 1);
            System.arraycopy(key, 0, chunk, used, key.length);
            System.arraycopy(value, 0, chunk, used + key.length, value.length);
            starts[size] = ((long) (chunks.size() - 1) << 32) | used;
            keyLengths[size] = key.length;
            valueLengths[size] = value.length;
            size++;
            used += length;
            bytes += length;
        }

        @Override
        public Encoded get(int index) {
            Objects.checkIndex(index, size);
            byte[] chunk = chunks.get((int) (starts[index] >>> 32));
            int start = (int) starts[index];
            int keyEnd = start + keyLengths[index];
            return new Encoded(Arrays.copyOfRange(chunk, start, keyEnd), Arrays.copyOfRange(chunk, keyEnd, keyEnd + valueLengths[index]));
        }

        @Override
        public int size() {
            return size;
        }

        long bytes() {
            return bytes;
        }
    }

    private final List<Encoded> records;
    private final List<ScanEvent> templates;
    private final List<DeviceRegistration> devices;
    private final Serializer<String> keySerializer;
    private final Serializer<ScanEvent> scanSerializer;
    private final Serializer<DeviceRegistration> deviceSerializer;
    private final Map<String, Long> mix;

    private Backlog(List<Encoded> records, List<ScanEvent> templates, List<DeviceRegistration> devices, Serializer<String> keySerializer,
                    Serializer<ScanEvent> scanSerializer, Serializer<DeviceRegistration> deviceSerializer, Map<String, Long> mix) {
        this.records = records;
        this.templates = templates;
        this.devices = devices;
        this.keySerializer = keySerializer;
        this.scanSerializer = scanSerializer;
        this.deviceSerializer = deviceSerializer;
        this.mix = mix;
    }

    /** The simulator's scenario for {@code scans} records: the production defaults but for size, span and a flat day. */
    static int villages(int scans) {
        return Math.max(MIN_VILLAGES, Math.min(MAX_VILLAGES, scans / (5 * RESIDENTS_PER_VILLAGE)));
    }

    static Map<String, Object> scenario(int scans, long seed, Instant end) {
        int villages = villages(scans);
        Map<String, Object> props = new HashMap<>();
        props.put(ScenarioConfig.SEED, seed);
        props.put(ScenarioConfig.START, end.minus(SPAN).truncatedTo(ChronoUnit.SECONDS).toString());
        props.put(ScenarioConfig.DURATION_MS, SPAN.toMillis());
        props.put(ScenarioConfig.TOWNSHIPS, 10);
        props.put(ScenarioConfig.VILLAGES, villages);
        props.put(ScenarioConfig.RESIDENTS_PER_VILLAGE, RESIDENTS_PER_VILLAGE);
        props.put(ScenarioConfig.VISITORS, 25 * villages);
        props.put(ScenarioConfig.HOURLY_PROFILE, String.join(",", Collections.nCopies(24, "1")));
        // 20 % more than needed over the span: the first `scans` in send order are kept
        double perVillagePerDay = scans * 1.2 / villages * (Duration.ofDays(1).toMillis() / (double) SPAN.toMillis());
        props.put(ScenarioConfig.SCANS_PER_VILLAGE_PER_DAY, perVillagePerDay);
        props.put(ScenarioConfig.MALFORMED_RATE, 0.0005);
        return props;
    }

    /** Generates and serialises the backlog (not timed: before any phase). */
    public static Backlog generate(int scans, long seed, SchemaRegistryClient registry, Map<String, Object> serdeConfig) {
        Map<String, Object> props = scenario(scans, seed, Instant.now().minus(Duration.ofMinutes(5)));
        props.putAll(serdeConfig);
        props.put(SimulatorConfig.BOOTSTRAP_SERVERS, "unused:9092");
        ScanGenerator generator = new ScanGenerator(new SimulatorConfig(props));
        Serializer<String> keys = AvroSerde.forKeys(String.class, registry, serdeConfig).serializer();
        Serializer<ScanEvent> values = AvroSerde.forValues(ScanEvent.class, registry, serdeConfig).serializer();
        Serializer<DeviceRegistration> deviceValues = AvroSerde.forValues(DeviceRegistration.class, registry, serdeConfig).serializer();
        Packed records = new Packed();
        List<ScanEvent> templates = new ArrayList<>(Math.min(scans, PACED_TEMPLATES));
        Map<String, Long> mix = new java.util.TreeMap<>();
        while (records.size() < scans && generator.hasNext()) {
            SimRecord record = generator.next();
            byte[] key = keys.serialize(Topics.SCANS, record.deviceId());
            if (record instanceof SimRecord.Scan scan) {
                records.add(key, values.serialize(Topics.SCANS, scan.event()));
                if (templates.size() < PACED_TEMPLATES) {
                    templates.add(scan.event());
                }
                mix.merge(scan.duplicate() ? "resent duplicates" : "scans " + scan.event().getSource(), 1L, Long::sum);
            } else if (record instanceof SimRecord.Malformed malformed) {
                records.add(key, malformed.value());
                mix.merge("malformed", 1L, Long::sum);
            }
        }
        if (records.size() < scans) {
            throw new IllegalStateException("The simulator produced only " + records.size() + " of " + scans + " records");
        }
        return new Backlog(records, List.copyOf(templates), generator.deviceRegistrations(), keys, values, deviceValues, mix);
    }

    /** The same devices and serdes without records: for the paced phase, which sends its own. */
    Backlog withoutRecords() {
        return new Backlog(List.of(), templates, devices, keySerializer, scanSerializer, deviceSerializer, Map.of());
    }

    /** The first {@code count} records with the same devices and serdes: the warm-up pass's input. */
    Backlog head(int count) {
        return new Backlog(records.subList(0, Math.min(count, records.size())), templates, devices, keySerializer, scanSerializer,
                deviceSerializer, Map.of());
    }

    public List<Encoded> records() {
        return records;
    }

    /** The first {@link #PACED_TEMPLATES} well-formed scans of the backlog, in send order (resent duplicates included). */
    public List<ScanEvent> templates() {
        return templates;
    }

    public List<DeviceRegistration> devices() {
        return devices;
    }

    /** How many records of each kind (source, duplicates, malformed): the mix the report states. */
    public Map<String, Long> mix() {
        return mix;
    }

    public long bytes() {
        return records instanceof Packed packed ? packed.bytes() : records.stream().mapToLong(r -> r.key().length + r.value().length).sum();
    }

    public byte[] key(String key) {
        return keySerializer.serialize(Topics.SCANS, key);
    }

    public byte[] deviceKey(DeviceRegistration device) {
        return keySerializer.serialize(Topics.DEVICES, device.getDeviceId());
    }

    public byte[] device(DeviceRegistration device) {
        return deviceSerializer.serialize(Topics.DEVICES, device);
    }

    public byte[] scan(ScanEvent scan) {
        return scanSerializer.serialize(Topics.SCANS, scan);
    }
}

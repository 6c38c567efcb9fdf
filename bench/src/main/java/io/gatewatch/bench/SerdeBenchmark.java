package io.gatewatch.bench;

import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TemperatureReading;
import io.gatewatch.schema.TemperatureUnit;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the Confluent-wire-format serdes on the hot path: one {@link ScanEvent} value and one
 * device-id key, each way. The registry is in-memory, so this measures framing and Avro only
 * (after the first call the schema id comes from the serializer's cache either way).
 *
 * <p>Run: {@code mvn -B -q -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar SerdeBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SerdeBenchmark {
    private AvroSerde<ScanEvent> values;
    private AvroSerde<String> keys;
    private ScanEvent scan;
    private byte[] scanBytes;
    private byte[] keyBytes;

    @Setup
    public void setUp() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        Map<String, String> config = Map.of("schema.registry.url", "mock://bench");
        values = AvroSerde.forValues(ScanEvent.class, registry, config);
        keys = AvroSerde.forKeys(String.class, registry, config);
        scan = ScanEvent.newBuilder()
                .setEventId("3f1c2a9e-5b7d-4f0a-9c1e-2d3b4a5c6d7e")
                .setSource(ScanSource.GATE_DEVICE)
                .setDeviceId("dev-330110001001-01")
                .setCheckpointId("cp-330110001001-1")
                .setVillageCode("330110001001")
                .setDirection(Direction.IN)
                .setPersonToken("q6V7m3rJ8b2mQh1sJ0y3xg8vR5kTzLpW4nC9dE2fGhA")
                .setPersonKind(PersonKind.RESIDENT)
                .setScannedAt(Instant.parse("2026-11-29T08:15:30Z"))
                .setTemperature(new TemperatureReading(36.6, TemperatureUnit.CELSIUS, BodySite.FOREHEAD, 4.5))
                .setHealthCode(HealthCodeColour.GREEN)
                .build();
        scanBytes = values.serializer().serialize(Topics.SCANS, scan);
        keyBytes = keys.serializer().serialize(Topics.SCANS, scan.getDeviceId());
    }

    @Benchmark
    public byte[] serializeScan() {
        return values.serializer().serialize(Topics.SCANS, scan);
    }

    @Benchmark
    public ScanEvent deserializeScan() {
        return values.deserializer().deserialize(Topics.SCANS, scanBytes);
    }

    @Benchmark
    public byte[] serializeKey() {
        return keys.serializer().serialize(Topics.SCANS, scan.getDeviceId());
    }

    @Benchmark
    public String deserializeKey() {
        return keys.deserializer().deserialize(Topics.SCANS, keyBytes);
    }
}

package io.gatewatch.bench;

import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.TemperatureUnit;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

/**
 * Cost of the Confluent-wire-format serdes on the hot path: one {@link ScanEvent} value and one
 * device-id key, each way. The registry is in-memory, so this measures framing and Avro only
 * (after the first call the schema id comes from the serializer's cache either way).
 *
 * <p>Run: {@code mvn -B -q -pl bench -am package -DskipTests -Dbench.shade.skip=false && java -jar bench/target/benchmarks.jar SerdeBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SerdeBenchmark extends MicroBenchmark {
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
        scan = SampleScans.gateScan(36.6, TemperatureUnit.CELSIUS, HealthCodeColour.GREEN);
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

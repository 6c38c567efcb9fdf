package io.gatewatch.bench;

import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.TemperatureUnit;
import io.gatewatch.serde.BoundedDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;

/**
 * Issue 13's bounded decoding against Avro's own {@link BinaryDecoder}, side by side in one run so
 * machine load affects both alike: the same {@link ScanEvent} bytes read by the same
 * {@link SpecificDatumReader}, once through each decoder (the only difference in
 * {@code AvroDeserializer}'s decode path). The valid path must not get slower.
 *
 * <p>Run: see {@link SerdeBenchmark}; {@code java -jar bench/target/benchmarks.jar BoundedDecoderBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BoundedDecoderBenchmark extends MicroBenchmark {
    private final SpecificDatumReader<ScanEvent> reader = new SpecificDatumReader<>(ScanEvent.getClassSchema(),
            ScanEvent.getClassSchema(), SpecificData.getForSchema(ScanEvent.getClassSchema()));
    private final BoundedDecoder bounded = new BoundedDecoder();
    private BinaryDecoder avro;
    private byte[] bytes;

    @Setup
    public void setUp() throws IOException {
        ScanEvent scan = SampleScans.gateScan(36.6, TemperatureUnit.CELSIUS, HealthCodeColour.GREEN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<ScanEvent>(ScanEvent.getClassSchema()).write(scan, encoder);
        bytes = out.toByteArray();
    }

    @Benchmark
    public ScanEvent avroBinaryDecoder() throws IOException {
        avro = DecoderFactory.get().binaryDecoder(bytes, 0, bytes.length, avro);
        return reader.read(null, avro);
    }

    @Benchmark
    public ScanEvent boundedDecoder() throws IOException {
        return reader.read(null, bounded.reset(bytes, 0, bytes.length));
    }
}

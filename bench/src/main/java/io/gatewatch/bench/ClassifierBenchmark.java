package io.gatewatch.bench;

import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TemperatureReading;
import io.gatewatch.schema.TemperatureUnit;
import io.gatewatch.streams.screening.Alerts;
import io.gatewatch.streams.screening.Classifier;
import io.gatewatch.streams.screening.EnrichedScan;
import io.gatewatch.streams.screening.ScreeningConfig;
import io.gatewatch.streams.screening.Screening;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the per-scan screening rules ({@link Classifier#classify}): unit conversion,
 * calibration, rounding, classification, the {@code ScreenedScan} it builds and the alerts it
 * raises, for one enriched scan of each kind the rules distinguish. No Kafka, no serdes, no
 * stores: this is the share of a scan's cost that is GateWatch's own rules.
 *
 * <p>Cases ({@code scan}): {@code normal} (36.6 °C, GREEN, no alert), {@code fever} (38.2 °C:
 * FEVER), {@code fahrenheit} (100.4 °F with a +0.3 °C calibration: FEVER), {@code implausible}
 * (29.1 °C from a cold IR thermometer: DEVICE_FAULT), {@code red} (36.8 °C, RED code entering:
 * NON_GREEN_CODE and RED_CODE_ENTRY).
 *
 * <p>Run: {@code mvn -B -q -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar ClassifierBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClassifierBenchmark {
    private static final Instant SCANNED_AT = Instant.parse("2026-11-29T08:15:30Z");
    private static final long NOW_MS = SCANNED_AT.toEpochMilli() + 250;

    @Param({"normal", "fever", "fahrenheit", "implausible", "red"})
    public String scan;

    private Classifier classifier;
    private EnrichedScan enriched;

    @Setup
    public void setUp() {
        ScreeningConfig config = ScreeningConfig.defaults();
        classifier = new Classifier(config, new Alerts(config));
        enriched = switch (scan) {
            case "normal" -> enriched(reading(36.6, TemperatureUnit.CELSIUS), HealthCodeColour.GREEN, 0.0);
            case "fever" -> enriched(reading(38.2, TemperatureUnit.CELSIUS), HealthCodeColour.GREEN, 0.0);
            case "fahrenheit" -> enriched(reading(100.4, TemperatureUnit.FAHRENHEIT), HealthCodeColour.GREEN, 0.3);
            case "implausible" -> enriched(reading(29.1, TemperatureUnit.CELSIUS), HealthCodeColour.GREEN, 0.0);
            case "red" -> enriched(reading(36.8, TemperatureUnit.CELSIUS), HealthCodeColour.RED, 0.0);
            default -> throw new IllegalArgumentException("unknown case " + scan);
        };
    }

    @Benchmark
    public Screening classify() {
        return classifier.classify(enriched, NOW_MS);
    }

    private static TemperatureReading reading(double value, TemperatureUnit unit) {
        return new TemperatureReading(value, unit, BodySite.FOREHEAD, 4.5);
    }

    private static EnrichedScan enriched(TemperatureReading reading, HealthCodeColour code, double calibration) {
        ScanEvent scan = ScanEvent.newBuilder()
                .setEventId("3f1c2a9e-5b7d-4f0a-9c1e-2d3b4a5c6d7e")
                .setSource(ScanSource.GATE_DEVICE)
                .setDeviceId("dev-330110001001-01")
                .setCheckpointId("cp-330110001001-1")
                .setVillageCode("330110001001")
                .setDirection(Direction.IN)
                .setPersonToken("q6V7m3rJ8b2mQh1sJ0y3xg8vR5kTzLpW4nC9dE2fGhA")
                .setPersonKind(PersonKind.RESIDENT)
                .setScannedAt(SCANNED_AT)
                .setTemperature(reading)
                .setHealthCode(code)
                .build();
        return new EnrichedScan(scan, "cp-330110001001-1", "330110001001", calibration);
    }
}

package io.gatewatch.bench;

import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.TemperatureUnit;
import io.gatewatch.streams.screening.Alerts;
import io.gatewatch.streams.screening.Classifier;
import io.gatewatch.streams.screening.EnrichedScan;
import io.gatewatch.streams.screening.ScreeningConfig;
import io.gatewatch.streams.screening.Screening;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

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
 * <p>Run: {@code mvn -B -q -pl bench -am package -DskipTests -Dbench.shade.skip=false && java -jar bench/target/benchmarks.jar ClassifierBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClassifierBenchmark extends MicroBenchmark {
    private static final long NOW_MS = SampleScans.SCANNED_AT.toEpochMilli() + 250;

    @Param({"normal", "fever", "fahrenheit", "implausible", "red"})
    public String scan;

    private Classifier classifier;
    private EnrichedScan enriched;

    @Setup
    public void setUp() {
        ScreeningConfig config = ScreeningConfig.defaults();
        classifier = new Classifier(config, new Alerts(config));
        enriched = switch (scan) {
            case "normal" -> enriched(36.6, TemperatureUnit.CELSIUS, HealthCodeColour.GREEN, 0.0);
            case "fever" -> enriched(38.2, TemperatureUnit.CELSIUS, HealthCodeColour.GREEN, 0.0);
            case "fahrenheit" -> enriched(100.4, TemperatureUnit.FAHRENHEIT, HealthCodeColour.GREEN, 0.3);
            case "implausible" -> enriched(29.1, TemperatureUnit.CELSIUS, HealthCodeColour.GREEN, 0.0);
            case "red" -> enriched(36.8, TemperatureUnit.CELSIUS, HealthCodeColour.RED, 0.0);
            default -> throw new IllegalArgumentException("unknown case " + scan);
        };
    }

    @Benchmark
    public Screening classify() {
        return classifier.classify(enriched, NOW_MS);
    }

    private static EnrichedScan enriched(double temperature, TemperatureUnit unit, HealthCodeColour code, double calibration) {
        ScanEvent scan = SampleScans.gateScan(temperature, unit, code);
        return new EnrichedScan(scan, scan.getCheckpointId(), scan.getVillageCode(), calibration);
    }
}

package io.gatewatch.bench;

import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TemperatureReading;
import io.gatewatch.schema.TemperatureUnit;
import java.time.Instant;

/** The one gate scan the JMH benchmarks measure, varied only in what each benchmark is about. */
final class SampleScans {
    /** When the sample person was scanned. */
    static final Instant SCANNED_AT = Instant.parse("2026-11-29T08:15:30Z");

    private SampleScans() {}

    /** A resident entering through a forehead IR thermometer at a village gate. */
    static ScanEvent gateScan(double temperature, TemperatureUnit unit, HealthCodeColour code) {
        return ScanEvent.newBuilder()
                .setEventId("3f1c2a9e-5b7d-4f0a-9c1e-2d3b4a5c6d7e")
                .setSource(ScanSource.GATE_DEVICE)
                .setDeviceId("dev-330110001001-01")
                .setCheckpointId("cp-330110001001-1")
                .setVillageCode("330110001001")
                .setDirection(Direction.IN)
                .setPersonToken("q6V7m3rJ8b2mQh1sJ0y3xg8vR5kTzLpW4nC9dE2fGhA")
                .setPersonKind(PersonKind.RESIDENT)
                .setScannedAt(SCANNED_AT)
                .setTemperature(new TemperatureReading(temperature, unit, BodySite.FOREHEAD, 4.5))
                .setHealthCode(code)
                .build();
    }
}

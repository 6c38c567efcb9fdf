package io.gatewatch.serde.codec;

import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Severity;
import io.gatewatch.schema.TemperatureReading;
import io.gatewatch.schema.TemperatureStatus;
import io.gatewatch.schema.TemperatureUnit;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Any scan, screened scan and alert the schemas allow: every enum symbol, nulls, any text, NaN and infinite readings. */
final class ScanArbitraries {
    private ScanArbitraries() {}

    static Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40), Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.of("", "G1", "110101001001", "检查点-东门", "\uD83D\uDE00"));
    }

    static Arbitrary<String> optionalText() {
        return text().injectNull(0.3);
    }

    static Arbitrary<Double> reading() {
        return Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, 36.6, 100.4));
    }

    static Arbitrary<Instant> instant() {
        return Arbitraries.longs().map(Instant::ofEpochMilli);
    }

    static Arbitrary<TemperatureReading> temperature() {
        return Combinators.combine(reading(), Arbitraries.of(TemperatureUnit.class), Arbitraries.of(BodySite.class),
                reading().injectNull(0.5)).as(TemperatureReading::new);
    }

    static Arbitrary<ScanEvent> scans() {
        Arbitrary<ScanEvent> who = Combinators.combine(text(), Arbitraries.of(ScanSource.class), text(), optionalText(), optionalText(),
                Arbitraries.of(Direction.class), optionalText(), Arbitraries.of(PersonKind.class)).as((id, source, device, checkpoint,
                village, direction, token, kind) -> ScanEvent.newBuilder().setEventId(id).setSource(source).setDeviceId(device)
                .setCheckpointId(checkpoint).setVillageCode(village).setDirection(direction).setPersonToken(token).setPersonKind(kind)
                .setScannedAt(Instant.EPOCH).build());
        return Combinators.combine(who, optionalText(), instant(), temperature().injectNull(0.3),
                Arbitraries.of(HealthCodeColour.class).injectNull(0.3), Arbitraries.integers().injectNull(0.5))
                .as((scan, plate, at, temperature, code, age) -> ScanEvent.newBuilder(scan).setVehiclePlate(plate).setScannedAt(at)
                        .setTemperature(temperature).setHealthCode(code).setTestResultAgeHours(age).build());
    }

    static Arbitrary<ScreenedScan> screenedScans() {
        return Combinators.combine(scans(), text(), text(), reading().injectNull(0.3), Arbitraries.of(TemperatureStatus.class),
                Arbitraries.of(true, false), instant()).as(ScreenedScan::new);
    }

    static Arbitrary<ScreeningAlert> alerts() {
        Arbitrary<ScreeningAlert> what = Combinators.combine(text(), Arbitraries.of(AlertType.class), Arbitraries.of(Severity.class), text(),
                text(), Arbitraries.of(ScanSource.class), text(), text()).as((id, type, severity, rule, eventId, source, device, checkpoint) ->
                ScreeningAlert.newBuilder().setAlertId(id).setType(type).setSeverity(severity).setRule(rule).setEventId(eventId)
                        .setSource(source).setDeviceId(device).setCheckpointId(checkpoint).setVillageCode("")
                        .setScannedAt(Instant.EPOCH).setDetectedAt(Instant.EPOCH).build());
        Arbitrary<ScreeningAlert> timed = Combinators.combine(what, instant(), instant()).as((alert, scannedAt, detectedAt) ->
                ScreeningAlert.newBuilder(alert).setScannedAt(scannedAt).setDetectedAt(detectedAt).build());
        return Combinators.combine(timed, text(), optionalText(), reading().injectNull(0.3), temperature().injectNull(0.3),
                Arbitraries.of(HealthCodeColour.class).injectNull(0.3), text().list().ofMaxSize(5))
                .as((alert, village, token, celsius, raw, code, related) -> ScreeningAlert.newBuilder(alert)
                        .setVillageCode(village).setPersonToken(token).setTemperatureCelsius(celsius).setRawTemperature(raw)
                        .setHealthCode(code).setRelatedCheckpoints(related).build());
    }
}

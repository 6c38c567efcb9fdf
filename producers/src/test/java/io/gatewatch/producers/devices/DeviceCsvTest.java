package io.gatewatch.producers.devices;

import static io.gatewatch.schema.testing.DeviceRegistrationBuilder.aDevice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.CheckpointKind;
import io.gatewatch.schema.DeviceKind;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.TemperatureUnit;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The device CSV: one row per device, validated by DeviceRows, all or nothing with line numbers. */
class DeviceCsvTest {
    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
    private static final String HEADER = "deviceId,checkpointId,villageCode,unit,calibrationOffsetCelsius,kind,name\n";

    private static List<DeviceRegistration> read(String csv) throws IOException {
        return DeviceCsv.read(new StringReader(csv), id -> null, NOW);
    }

    private static DeviceImportException refusal(String csv) {
        return catchThrowableOfType(DeviceImportException.class, () -> read(csv));
    }

    @Test
    void shouldReadAFahrenheitGateWithItsNameAndKind() throws IOException {
        List<DeviceRegistration> devices = read(HEADER + "dev-F1,CP-E1,330106001001,F,0.2,GATE,东村卡口\n");

        assertThat(devices).singleElement().satisfies(d -> {
            assertThat(d.getDeviceId()).isEqualTo("dev-F1");
            assertThat(d.getCheckpointId()).isEqualTo("CP-E1");
            assertThat(d.getVillageCode()).isEqualTo("330106001001");
            assertThat(d.getUnit()).isEqualTo(TemperatureUnit.FAHRENHEIT);
            assertThat(d.getCalibrationOffsetCelsius()).isEqualTo(0.2);
            assertThat(d.getCheckpointKind()).isEqualTo(CheckpointKind.GATE);
            assertThat(d.getCheckpointName()).isEqualTo("东村卡口");
            assertThat(d.getRetired()).isFalse();
            assertThat(d.getUpdatedAt()).isEqualTo(NOW);
        });
    }

    @Test
    void shouldTakeBlankOffsetAsZeroAndBlankNameAsNone() throws IOException {
        DeviceRegistration device = read(HEADER + "c-1,CL-1,330106001002,C,,CLINIC,\n").get(0);

        assertThat(device.getCalibrationOffsetCelsius()).isZero();
        assertThat(device.getCheckpointName()).isNull();
        assertThat(device.getCheckpointKind()).isEqualTo(CheckpointKind.CLINIC);
    }

    @Test
    void shouldReadQuotedFieldsWithCommasAndQuotes() throws IOException {
        DeviceRegistration device = read(HEADER + "g-1,CP-1,330106001001,C,0,GATE,\"West gate, \"\"old\"\" road\"\n").get(0);

        assertThat(device.getCheckpointName()).isEqualTo("West gate, \"old\" road");
    }

    static Stream<Arguments> filesWithBadLines() {
        return Stream.of(
                arguments("a bad village code and a bad unit, a blank line counted",
                        "ok-1,CP-1,330106001001,C,0,GATE,\n"
                                + "bad-1,CP-2,3301,C,0,GATE,\n"
                                + "\n"
                                + "bad-2,CP-3,330106001001,K,0,GATE,\n",
                        List.of("line 3: field 'villageCode' is not a 12-digit village code",
                                "line 5: field 'unit' must be C or F")),
                arguments("an unknown kind, an implausible offset, a missing checkpoint, an offset that is no number",
                        "a,CP-1,330106001001,C,0,SHOP,\n"
                                + "b,CP-1,330106001001,C,9.5,GATE,\n"
                                + "c,,330106001001,C,0,GATE,\n"
                                + "d,CP-1,330106001001,C,abc,GATE,\n",
                        List.of("line 2: field 'kind' must be one of GATE, CLINIC, PHARMACY, APP, STAFF",
                                "line 3: field 'calibrationOffsetCelsius' must lie within ±5.0 °C",
                                "line 4: field 'checkpointId' is missing",
                                "line 5: field 'calibrationOffsetCelsius' is not a number")),
                arguments("a device twice in one file and a wrong field count",
                        "a,CP-1,330106001001,C,0,GATE,\n"
                                + "a,CP-2,330106001001,C,0,GATE,\n"
                                + "b,CP-1,330106001001,C,0,GATE\n",
                        List.of("line 3: field 'deviceId' repeats the device of line 2",
                                "line 4: has 6 fields, the header 7")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filesWithBadLines")
    void shouldRefuseTheWholeFileNamingEveryBadLine(String badLines, String rows, List<String> problems) {
        DeviceImportException refused = refusal(HEADER + rows);

        assertThat(refused.problems()).containsExactlyElementsOf(problems);
    }

    @Test
    void shouldHeadTheFileWithTheFieldsOfARow() {
        assertThat(DeviceCsv.HEADER).isEqualTo(String.join(",", DeviceRows.FIELDS)).isEqualTo(HEADER.strip());
    }

    @Test
    void shouldRefuseAFileWithoutTheHeader() {
        assertThat(refusal("a,CP-1,330106001001,C,0,GATE,\n").problems())
                .containsExactly("line 1: the header must be exactly " + DeviceCsv.HEADER);
    }

    @Test
    void shouldRefuseControlCharactersInAName() {
        assertThat(refusal(HEADER + "a,CP-1,330106001001,C,0,GATE,bad\u0007bell\n").problems())
                .singleElement().asString().startsWith("line 2: field 'name' must not contain control characters");
    }

    @Test
    void shouldKeepWhatTheRowDoesNotCarryFromTheCurrentRegistration() throws IOException {
        DeviceRegistration current = aDevice("a").atCheckpoint("CP-0").inVillage("330106001001").ofKind(DeviceKind.IR_THERMOMETER)
                .measuring(BodySite.WRIST).retired().updatedAt(Instant.EPOCH).build();

        DeviceRegistration updated = DeviceCsv.read(new StringReader(HEADER + "a,CP-1,330106001001,C,0,GATE,\n"),
                Map.of("a", current)::get, NOW).get(0);

        assertThat(updated.getKind()).isEqualTo(DeviceKind.IR_THERMOMETER);
        assertThat(updated.getBodySite()).isEqualTo(BodySite.WRIST);
        assertThat(updated.getRetired()).isTrue();
        assertThat(updated.getCheckpointId()).isEqualTo("CP-1");
    }

    @Test
    void shouldFindNoChangeWhenTheSameFileIsImportedAgainLater() throws IOException {
        String csv = HEADER + "a,CP-1,330106001001,F,0.1,GATE,North\nb,CP-2,330106001002,C,0,PHARMACY,\n";
        List<DeviceRegistration> first = read(csv);
        Map<String, DeviceRegistration> current = Map.of("a", first.get(0), "b", first.get(1));

        List<DeviceRegistration> again = DeviceCsv.read(new StringReader(csv), current::get, NOW.plusSeconds(3600));
        List<DeviceRegistration> edited = DeviceCsv.read(new StringReader(csv.replace("North", "South")), current::get, NOW);

        assertThat(DeviceRegistry.changes(current, again)).isEmpty();
        assertThat(DeviceRegistry.changes(current, edited)).extracting(DeviceRegistration::getDeviceId).containsExactly("a");
    }
}

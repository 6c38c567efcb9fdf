package io.gatewatch.sinks.poison;

import static io.gatewatch.schema.testing.DeviceRegistrationBuilder.aDevice;
import static io.gatewatch.sinks.testing.Alerts.anAlert;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorableValuesTest {

    @Test
    void shouldAcceptAnOrdinaryAlert() {
        assertThat(StorableValues.violation(anAlert().alsoSeenAt("CP1", "卡口2").build())).isEmpty();
    }

    @Test
    void shouldAcceptControlCharactersOtherThanNulBecausePostgresStoresThemFaithfully() {
        assertThat(StorableValues.violation("line one\nline two\u0001\u009F")).isEmpty();
    }

    @Test
    void shouldAcceptAPairedSurrogate() {
        assertThat(StorableValues.violation("ok \uD83D\uDE00")).isEmpty();
    }

    @Test
    void shouldRefuseANulAndNameTheField() {
        var registration = aDevice("D1").atCheckpoint("CP\u0000").inVillage("110101001001").updatedAt(Instant.EPOCH).build();

        assertThat(StorableValues.violation(registration)).contains(
                new Poison(PoisonReason.INVALID_TEXT, "checkpointId: must not contain NUL (U+0000 at position 2)"));
    }

    @Test
    void shouldRefuseAnUnpairedSurrogateInsideAnArray() {
        var alert = anAlert().alsoSeenAt("CP1", "CP\uD800").build();

        assertThat(StorableValues.violation(alert)).hasValueSatisfying(p -> {
            assertThat(p.reason()).isEqualTo(PoisonReason.INVALID_TEXT);
            assertThat(p.message()).isEqualTo("relatedCheckpoints[1]: must not contain an unpaired surrogate (at position 2)");
        });
    }

    @Test
    void shouldRefuseALowSurrogateWithoutItsHighHalf() {
        assertThat(StorableValues.textViolation("eventId", "\uDC00x")).hasValueSatisfying(
                p -> assertThat(p.message()).isEqualTo("eventId: must not contain an unpaired surrogate (at position 0)"));
    }

    @Test
    void shouldRefuseATimeBeforeTheYearOne() {
        assertThat(StorableValues.violation(anAlert().at(Instant.parse("0000-12-31T23:59:59.999Z")).build()))
                .hasValueSatisfying(p -> {
                    assertThat(p.reason()).isEqualTo(PoisonReason.OUT_OF_RANGE);
                    assertThat(p.message()).startsWith("scannedAt: time outside the years 1 to 9999");
                });
    }

    @Test
    void shouldAcceptTheFirstAndLastStorableTimes() {
        assertThat(StorableValues.violation(List.of(StorableValues.EARLIEST, StorableValues.LATEST))).isEmpty();
    }

    @Test
    void shouldLookIntoMapKeysAndValues() {
        assertThat(StorableValues.violation(Map.of("k", "v\u0000"))).hasValueSatisfying(
                p -> assertThat(p.reason()).isEqualTo(PoisonReason.INVALID_TEXT));
    }
}

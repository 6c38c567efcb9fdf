package io.gatewatch.streams.screening;

import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.T0_DAY;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aHomeObservation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanSource;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The internal encodings of the sightings repartition topic and the watchlist store read back what was written. */
class ObservationStateSerdeTest {
    private static final String TOPIC = "screening-test-screening-sightings-by-person-repartition";

    @Test
    void shouldReadBackASightingWithAndWithoutOptionalFields() {
        Sighting full = new Sighting("evt-1", ScanSource.GATE_DEVICE, "gate-east", "cp-east", "330106001002",
                1_705_305_600_000L, 37.45, HealthCodeColour.YELLOW);
        Sighting bare = new Sighting("evt-2", ScanSource.PHONE_APP, "app-1", "app-1", "330106001001", 5L, null, null);

        for (Sighting sighting : List.of(full, bare)) {
            byte[] bytes = Sighting.SERDE.serializer().serialize(TOPIC, sighting);
            assertThat(Sighting.SERDE.deserializer().deserialize(TOPIC, bytes)).isEqualTo(sighting);
        }
    }

    @Test
    void shouldReadBackAWatchWithItsCheckinState() {
        Watch watch = new Watch(aHomeObservation().of("zhang-san").releasedOn(T0_DAY.plusDays(3)).build(),
                1_705_305_900_000L, 1_705_312_800_000L, new TreeSet<>(List.of(1_705_370_400_000L)));

        byte[] bytes = Watch.SERDE.serializer().serialize("watchlist", watch);

        assertThat(Watch.SERDE.deserializer().deserialize("watchlist", bytes)).isEqualTo(watch);
    }

    @Test
    void shouldRefuseBytesOfAnotherEncodingAsASerializationError() {
        assertThatThrownBy(() -> Sighting.SERDE.deserializer().deserialize(TOPIC, new byte[] {9, 0, 1}))
                .isInstanceOf(SerializationException.class).hasMessageContaining(TOPIC);
    }

    @Test
    void shouldForgetFilledSlotsOnceDecided() {
        Watch watch = Watch.known(aHomeObservation().of("zhang-san").build(), 0L).filled(100L).filled(200L);

        assertThat(watch.decidedUpTo(100L).filledDues()).containsExactly(200L);
    }
}

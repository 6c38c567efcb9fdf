package io.gatewatch.sinks.poison;

import static io.gatewatch.sinks.testing.Alerts.anAlert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroDeserializer;
import io.gatewatch.serde.RegistryUnavailableException;
import io.gatewatch.sinks.testing.WireRecords;
import org.junit.jupiter.api.Test;

class DecodedTest {
    private final WireRecords wire = new WireRecords();
    private final AvroDeserializer<ScreeningAlert> alerts = new AvroDeserializer<>(wire.registry(), ScreeningAlert.class);

    @Test
    void shouldDecodeAnOrdinaryAlert() {
        ScreeningAlert alert = anAlert().build();

        assertThat(Decoded.of(alerts, Topics.ALERTS_FEVER, wire.value(Topics.ALERTS_FEVER, alert))).isEqualTo(new Decoded<>(alert, null));
    }

    @Test
    void shouldCallUndecodableBytesUndeserializable() {
        assertThat(Decoded.of(alerts, Topics.ALERTS_FEVER, new byte[] {7, 7, 7}).poison().reason())
                .isEqualTo(PoisonReason.UNDESERIALIZABLE);
    }

    @Test
    void shouldCallAnAlertHoldingANulInvalidText() {
        byte[] bytes = wire.value(Topics.ALERTS_FEVER, anAlert().atCheckpoint("CP\u0000").build());

        assertThat(Decoded.of(alerts, Topics.ALERTS_FEVER, bytes).poison())
                .isEqualTo(new Poison(PoisonReason.INVALID_TEXT, "checkpointId: must not contain NUL (U+0000 at position 2)"));
    }

    @Test
    void shouldTurnAnUnexpectedErrorIntoAMappingError() {
        Decoded<Object> decoded = Decoded.of((topic, bytes) -> {
            throw new IllegalStateException("boom");
        }, Topics.ALERTS_FEVER, new byte[1]);

        assertThat(decoded.poison()).isEqualTo(new Poison(PoisonReason.MAPPING_ERROR, "IllegalStateException: boom"));
    }

    @Test
    void shouldNeverCallARecordPoisonWhileTheRegistryIsDown() {
        RegistryUnavailableException outage = new RegistryUnavailableException("cannot fetch schema id 1 from the registry", null);

        assertThatThrownBy(() -> Decoded.of((topic, bytes) -> {
            throw outage;
        }, Topics.ALERTS_FEVER, new byte[1])).isSameAs(outage);
    }
}

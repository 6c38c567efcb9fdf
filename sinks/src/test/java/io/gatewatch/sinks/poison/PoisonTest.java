package io.gatewatch.sinks.poison;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoisonTest {

    @Test
    void shouldMakeADiagnosticStorableByReplacingControlsAndUnpairedSurrogates() {
        assertThat(Poison.of(PoisonReason.MAPPING_ERROR, "bad\u0000 value\n\uD800 ok \uD83D\uDE00").message())
                .isEqualTo("bad? value?? ok \uD83D\uDE00");
    }

    @Test
    void shouldBoundTheDiagnostic() {
        assertThat(Poison.of(PoisonReason.MAPPING_ERROR, "y".repeat(5_000)).message()).hasSize(Poison.MAX_MESSAGE_LENGTH);
    }

    @Test
    void shouldNotLeaveHalfAPairAtTheCut() {
        String message = "y".repeat(Poison.MAX_MESSAGE_LENGTH - 1) + "\uD83D\uDE00";

        assertThat(Poison.of(PoisonReason.MAPPING_ERROR, message).message()).endsWith("y?");
    }
}

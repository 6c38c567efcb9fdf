package io.gatewatch.producers.gate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.schema.PersonTokens;
import org.junit.jupiter.api.Test;

class PlateTokensTest {
    private static final String PLATE = "浙A12345";
    private static final byte[] SECRET_A = "deployment-secret-A-0123456789".getBytes(UTF_8);
    private static final PlateTokens KEY_A = new PlateTokens(SECRET_A);
    private static final PlateTokens KEY_B = new PlateTokens("deployment-secret-B-0123456789".getBytes(UTF_8));

    @Test
    void shouldGiveTheSameTokenForTheSamePlateAndSecret() {
        assertThat(new PlateTokens(SECRET_A).token(PLATE)).isEqualTo(KEY_A.token(PLATE));
    }

    @Test
    void shouldGiveOneTokenForThePlateHoweverItIsWritten() {
        assertThat(KEY_A.token(" 浙a·12345 ")).isEqualTo(KEY_A.token(PLATE));
        assertThat(KEY_A.token("浙A-123 45")).isEqualTo(KEY_A.token(PLATE));
    }

    @Test
    void shouldGiveDifferentTokensForDifferentPlatesAndSecrets() {
        assertThat(KEY_A.token("浙A12346")).isNotEqualTo(KEY_A.token(PLATE));
        assertThat(KEY_B.token(PLATE)).isNotEqualTo(KEY_A.token(PLATE));
    }

    @Test
    void shouldNotGiveThePersonTokenOfTheSameTextUnderTheSameSecret() {
        // the plate key is derived under its own label, so a plate token never matches a person token
        assertThat(KEY_A.token(PLATE)).isNotEqualTo(new Pseudonymizer(SECRET_A).token(PLATE));
    }

    @Test
    void shouldProduceATokenOfTheCheckedShapeThatDoesNotContainThePlate() {
        String token = KEY_A.token(PLATE);

        assertThat(PersonTokens.isToken(token)).isTrue();
        assertThat(token).doesNotContain("12345");
    }

    @Test
    void shouldLeaveNoPlateAbsent() {
        assertThat(KEY_A.tokenOrNull(null)).isNull();
    }

    @Test
    void shouldRefuseABlankPlateAndAShortSecret() {
        assertThatThrownBy(() -> KEY_A.token(" · ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlateTokens("too-short".getBytes(UTF_8))).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.gatewatch.producers.gate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PseudonymizerTest {
    private static final String IDENTITY = "11010119900307451X";
    private static final Pseudonymizer KEY_A = new Pseudonymizer("deployment-secret-A-0123456789".getBytes(UTF_8));
    private static final Pseudonymizer KEY_B = new Pseudonymizer("deployment-secret-B-0123456789".getBytes(UTF_8));

    @Test
    void shouldGiveTheSameTokenForTheSameIdentityAndKey() {
        Pseudonymizer sameKeyElsewhere = new Pseudonymizer("deployment-secret-A-0123456789".getBytes(UTF_8));

        assertThat(sameKeyElsewhere.token(IDENTITY)).isEqualTo(KEY_A.token(IDENTITY));
    }

    @Test
    void shouldGiveDifferentTokensUnderDifferentKeys() {
        assertThat(KEY_B.token(IDENTITY)).isNotEqualTo(KEY_A.token(IDENTITY));
    }

    @Test
    void shouldGiveDifferentTokensForDifferentIdentities() {
        assertThat(KEY_A.token("110101199003074528")).isNotEqualTo(KEY_A.token(IDENTITY));
    }

    @Test
    void shouldIgnoreCaseOfTheCheckDigitAndSurroundingSpace() {
        assertThat(KEY_A.token(" 11010119900307451x ")).isEqualTo(KEY_A.token(IDENTITY));
    }

    @Test
    void shouldProduceAnUrlSafeTokenThatDoesNotContainTheIdentity() {
        String token = KEY_A.token(IDENTITY);

        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+").doesNotContain("1101011990");
    }

    @Test
    void shouldRefuseAShortSecret() {
        assertThatThrownBy(() -> new Pseudonymizer("too-short".getBytes(UTF_8))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseABlankIdentity() {
        assertThatThrownBy(() -> KEY_A.token("  ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseAnIdentityWithAnUnpairedSurrogateRatherThanShareATokenWithAnother() {
        // a lenient encoder turns both into "11010119900307451?"
        assertThatThrownBy(() -> KEY_A.token("11010119900307451\uD800")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("1101");
        assertThatThrownBy(() -> KEY_A.token("11010119900307451\uDC00")).isInstanceOf(IllegalArgumentException.class);
    }
}

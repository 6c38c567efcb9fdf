package io.gatewatch.producers.gate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The simple case of rotating {@code pseudonym.secret} (docs/PRIVACY.md, "Secret rotation"): every
 * edge switches at once; tokens written before the switch stay as they were.
 */
class SecretRotationTest {
    private static final String IDENTITY = "11010119900307451X";
    private static final String PLATE = "浙A12345";
    private static final byte[] OLD_SECRET = "deployment-secret-2025-0123456789".getBytes(UTF_8);
    private static final byte[] NEW_SECRET = "deployment-secret-2026-0123456789".getBytes(UTF_8);

    @Test
    void shouldGiveTheSamePersonANewTokenAfterRotation() {
        String before = new Pseudonymizer(OLD_SECRET).token(IDENTITY);
        String after = new Pseudonymizer(NEW_SECRET).token(IDENTITY);

        // so escalation windows and distinct-person counts that span the switch see two people
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void shouldGiveTheSameVehicleANewTokenAfterRotation() {
        assertThat(new PlateTokens(NEW_SECRET).token(PLATE)).isNotEqualTo(new PlateTokens(OLD_SECRET).token(PLATE));
    }

    @Test
    void shouldFindOnlyTokensOfTheCurrentSecretWhenLookingAPersonUpByIdentity() {
        // a lookup (such as an erasure by person id) computes the token with the current secret:
        // it matches what was written after the switch, and never what was written before
        String writtenBefore = new Pseudonymizer(OLD_SECRET).token(IDENTITY);
        String writtenAfter = new Pseudonymizer(NEW_SECRET).token(IDENTITY);
        String lookedUp = new Pseudonymizer(NEW_SECRET).token(IDENTITY);

        assertThat(lookedUp).isEqualTo(writtenAfter).isNotEqualTo(writtenBefore);
    }
}

package io.gatewatch.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextPolicyTest {

    @Test
    void shouldAcceptPlainAndChineseText() {
        assertThat(TextPolicy.violation("CP-330127101201-1", 128)).isEmpty();
        assertThat(TextPolicy.violation("东村卡口", 128)).isEmpty();
        assertThat(TextPolicy.violation("emoji \uD83D\uDE00 pair", 128)).isEmpty();
        assertThat(TextPolicy.violation(null, 1)).isEmpty();
    }

    @Test
    void shouldRefuseNulAndOtherControlCharacters() {
        assertThat(TextPolicy.violation("CP\u0000X", 128)).get().asString().contains("control characters").contains("U+0000");
        assertThat(TextPolicy.violation("a\tb", 128)).isPresent();
        assertThat(TextPolicy.violation("a\u007Fb", 128)).isPresent();
        assertThat(TextPolicy.violation("a\u0085b", 128)).isPresent();
        assertThat(TextPolicy.violation("\u0001", 128)).isPresent();
    }

    @Test
    void shouldRefuseUnpairedSurrogatesAndNoncharacters() {
        assertThat(TextPolicy.violation("a\uD800", 128)).get().asString().contains("unpaired surrogate");
        assertThat(TextPolicy.violation("\uDC00a", 128)).isPresent();
        assertThat(TextPolicy.violation("\uD800\uD800", 128)).isPresent();
        assertThat(TextPolicy.violation("a\uFFFE", 128)).isPresent();
        assertThat(TextPolicy.violation("a\uFFFF", 128)).isPresent();
    }

    @Test
    void shouldRefuseTextLongerThanTheFieldLimit() {
        assertThat(TextPolicy.violation("x".repeat(129), 128)).get().asString().contains("at most 128");
        assertThat(TextPolicy.violation("x".repeat(128), 128)).isEmpty();
    }

    @Test
    void shouldAgreeWithTheFastCheckOnEveryCharacterClass() {
        String[] samples = {"ok", "东村", "\uD83D\uDE00", "\u0000", "\u001F", " ", "~", "\u007F", "\u009F", "\u00A0",
                "\uD800", "\uDC00", "\uD800x", "\uFFFE", "\uFFFF", "\uFFFD", "x".repeat(5)};
        for (String sample : samples) {
            assertThat(TextPolicy.isAcceptable(sample, 4)).as(sample).isEqualTo(TextPolicy.violation(sample, 4).isEmpty());
        }
    }

    @Test
    void shouldRefuseOverlongAndSurrogateAndOutOfRangeUtf8() {
        byte[][] bad = {
                {(byte) 0xC0, (byte) 0x80},                           // overlong NUL
                {(byte) 0xC0, (byte) 0xAF},                           // overlong '/'
                {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},              // overlong '/' in three bytes
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80},              // encoded surrogate U+D800
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // U+110000
                {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                {(byte) 0xE6, (byte) 0x9D},                           // truncated
                {(byte) 0xFF},
        };
        for (byte[] bytes : bad) {
            assertThat(TextPolicy.isStrictUtf8(bytes)).isFalse();
        }
        assertThatThrownBy(() -> TextPolicy.decodeUtf8(bad[0], 0, 2)).isInstanceOf(CharacterCodingException.class);
    }

    @Test
    void shouldDecodeWellFormedUtf8Unchanged() throws CharacterCodingException {
        byte[] bytes = "东村 \uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
        assertThat(TextPolicy.decodeUtf8(bytes, 0, bytes.length)).isEqualTo("东村 \uD83D\uDE00");
    }

    @Test
    void shouldRecogniseOnlyTheShapeOfAPersonToken() {
        assertThat(PersonTokens.isToken("q6V7m3rJ8b2mQh1sJ0y3xg8vR5kTzLpW4nC9dE2fGhA")).isTrue();
        assertThat(PersonTokens.isToken("not-a-token-110105199001011234")).isFalse();
        assertThat(PersonTokens.isToken("q6V7m3rJ8b2mQh1sJ0y3xg8vR5kTzLpW4nC9dE2fGh=")).isFalse();
        assertThat(PersonTokens.isToken("q6V7m3rJ8b2mQh1sJ0y3xg8vR5kTzLpW4nC9dE2fGhAA")).isFalse();
        assertThat(PersonTokens.isToken(null)).isFalse();
    }
}

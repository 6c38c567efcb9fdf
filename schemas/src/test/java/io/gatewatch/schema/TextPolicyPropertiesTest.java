package io.gatewatch.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

class TextPolicyPropertiesTest {

    @Property(tries = 5000)
    void fastCheckAndExplainedCheckAlwaysAgree(@ForAll @StringLength(max = 12) String value) {
        assertThat(TextPolicy.isAcceptable(value, 10)).isEqualTo(TextPolicy.violation(value, 10).isEmpty());
    }

    @Property(tries = 2000)
    void acceptedTextSurvivesAStrictUtf8RoundTripUnchanged(@ForAll @StringLength(max = 20) String value) {
        if (TextPolicy.isAcceptable(value, 20)) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            assertThat(TextPolicy.isStrictUtf8(bytes)).isTrue();
            assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(value);
        }
    }

    @Property(tries = 1000)
    void textWithAnyControlCharacterIsRefused(@ForAll @StringLength(max = 8) @Chars({'a', '东'}) String prefix,
            @ForAll @CharRange(from = '\u0000', to = '\u001F') char control) {
        assertThat(TextPolicy.isAcceptable(prefix + control, 100)).isFalse();
    }
}

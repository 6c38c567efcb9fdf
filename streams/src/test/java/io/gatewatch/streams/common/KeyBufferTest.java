package io.gatewatch.streams.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The key buffer the heap indexes build their keys in: UTF-8 at a place, room behind it, growing without losing what it holds. */
class KeyBufferTest {
    private final KeyBuffer buffer = new KeyBuffer();

    @Test
    void shouldWriteAsciiAndNonAsciiTextAsUtf8AtTheGivenPlace() {
        assertThat(buffer.putUtf8(3, "dev-1", 0)).isEqualTo(5);
        assertThat(Arrays.copyOfRange(buffer.bytes(), 3, 8)).isEqualTo("dev-1".getBytes(StandardCharsets.UTF_8));

        byte[] utf8 = "dev-东".getBytes(StandardCharsets.UTF_8);
        assertThat(buffer.putUtf8(3, "dev-东", 0)).isEqualTo(utf8.length);
        assertThat(Arrays.copyOfRange(buffer.bytes(), 3, 3 + utf8.length)).isEqualTo(utf8);
    }

    @Test
    void shouldGrowForLongTextKeepingTheBytesBeforeItAndLeavingRoomAfterIt() {
        buffer.bytes()[0] = 42;
        String longText = "东".repeat(100);

        int length = buffer.putUtf8(2, longText, 5);

        assertThat(length).isEqualTo(300);
        assertThat(buffer.bytes()[0]).as("written before the text, kept through the growth").isEqualTo((byte) 42);
        assertThat(buffer.bytes().length).isGreaterThanOrEqualTo(2 + 300 + 5);
        assertThat(new String(buffer.bytes(), 2, 300, StandardCharsets.UTF_8)).isEqualTo(longText);
    }
}

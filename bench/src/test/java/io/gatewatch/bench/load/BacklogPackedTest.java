package io.gatewatch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BacklogPackedTest {
    @Test
    void shouldGiveBackEveryRecordAsAddedAcrossChunksInOrder() {
        Backlog.Packed packed = new Backlog.Packed(64);
        for (int i = 0; i < 100; i++) {
            packed.add(bytes("dev-" + i), bytes("scan " + i + " " + "x".repeat(i % 30)));
        }
        packed.add(bytes("dev-big"), bytes("y".repeat(200)));

        assertThat(packed).hasSize(101);
        for (int i = 0; i < 100; i++) {
            assertThat(packed.get(i).key()).isEqualTo(bytes("dev-" + i));
            assertThat(packed.get(i).value()).isEqualTo(bytes("scan " + i + " " + "x".repeat(i % 30)));
        }
        assertThat(packed.get(100).value()).as("a record larger than a chunk").isEqualTo(bytes("y".repeat(200)));
        assertThat(packed.bytes()).isEqualTo(packed.stream().mapToLong(r -> r.key().length + r.value().length).sum());
        assertThat(packed.subList(0, 2)).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("dev-0", "dev-1");
        assertThatThrownBy(() -> packed.get(101)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

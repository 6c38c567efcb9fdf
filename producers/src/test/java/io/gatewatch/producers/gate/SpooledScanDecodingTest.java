package io.gatewatch.producers.gate;

import static io.gatewatch.schema.testing.ScanEventBuilder.aScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.schema.ScanEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A spool entry is read back within its own size: a damaged or forged one is set aside, never a 2 GB allocation. */
class SpooledScanDecodingTest {
    private static final ScanEvent SCAN = aScan().withEventId("e-1").fromDevice(GateScans.DEVICE)
            .at(Instant.parse("2026-12-06T01:00:00Z")).build();

    @Test
    void shouldReadBackASpooledScanUnchanged() throws IOException {
        assertThat(GateClient.decode(GateClient.encode(SCAN))).isEqualTo(SCAN);
    }

    @Test
    void shouldRefuseAnEntryClaimingAStringLongerThanItself() {
        byte[] valid = GateClient.encode(SCAN);
        // header (10 bytes), then eventId's length as the zig-zag varint of 2,147,483,548 and three bytes
        byte[] bomb = Arrays.copyOf(valid, 10 + 8);
        byte[] length = {(byte) 0xB8, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, 0x0F};
        System.arraycopy(length, 0, bomb, 10, length.length);

        assertThatThrownBy(() -> GateClient.decode(bomb)).isInstanceOf(IOException.class)
                .hasMessageContaining("length 2147483548 exceeds the");
    }

    @Test
    void shouldRefuseAnEntryWithTrailingBytesOrAnotherSchema() {
        byte[] valid = GateClient.encode(SCAN);
        byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
        byte[] otherSchema = valid.clone();
        otherSchema[5] ^= 0x55;

        assertThatThrownBy(() -> GateClient.decode(trailing)).isInstanceOf(IOException.class).hasMessageContaining("trailing");
        assertThatThrownBy(() -> GateClient.decode(otherSchema)).isInstanceOf(IOException.class).hasMessageContaining("another");
    }
}

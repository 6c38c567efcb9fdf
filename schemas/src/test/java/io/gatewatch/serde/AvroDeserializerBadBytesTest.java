package io.gatewatch.serde;

import static io.gatewatch.schema.testing.ScanEventBuilder.aScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * Whatever arrives on a topic, the deserializer answers with a {@link SerializationException} that
 * names the topic (and the schema id once the header is readable), quickly: never an NPE, an
 * OutOfMemoryError or a hang. Kafka Streams' deserialization handler relies on exactly that type.
 */
class AvroDeserializerBadBytesTest {
    private static final Duration QUICKLY = Duration.ofSeconds(5);

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final Map<String, String> config = Map.of("schema.registry.url", "mock://unused");
    private final AvroSerde<ScanEvent> scans = AvroSerde.forValues(ScanEvent.class, registry, config);
    private final AvroSerde<String> keys = AvroSerde.forKeys(String.class, registry, config);

    @Test
    void shouldRefuseAnEmptyPayload() {
        assertRefused(scans, new byte[0]).hasMessageContaining("shorter than the 5-byte Confluent header");
    }

    @Test
    void shouldRefuseAPayloadShorterThanTheHeader() {
        assertRefused(scans, new byte[] {0, 0, 1}).hasMessageContaining("payload of 3 bytes");
    }

    @Test
    void shouldRefuseAWrongMagicByte() {
        byte[] bytes = validScan();
        bytes[0] = 1;

        assertRefused(scans, bytes).hasMessageContaining("unknown magic byte 1");
    }

    @Test
    void shouldRefusePlainJsonThatIsNotConfluentFramed() {
        assertRefused(scans, "{\"eventId\":\"x\"}".getBytes()).hasMessageContaining("unknown magic byte 123");
    }

    @Test
    void shouldRefuseAnUnknownSchemaIdNamingIt() {
        byte[] bytes = validScan();
        bytes[1] = 0x7f;

        assertRefused(scans, bytes).hasMessageContaining("unknown schema id " + WireFormat.schemaId(bytes));
    }

    @Test
    void shouldRefuseTruncatedAvroNamingTheSchemaId() {
        byte[] valid = validScan();
        byte[] truncated = Arrays.copyOf(valid, valid.length - 7);

        assertRefused(scans, truncated).hasMessageContaining("schema id " + WireFormat.schemaId(valid))
                .hasMessageContaining("truncated or corrupt");
    }

    @Test
    void shouldRefuseTrailingGarbageAfterTheDatum() {
        byte[] valid = validScan();
        byte[] padded = Arrays.copyOf(valid, valid.length + 3);

        assertRefused(scans, padded).hasMessageContaining("schema id " + WireFormat.schemaId(valid))
                .hasMessageContaining("trailing bytes");
    }

    @Test
    void shouldRefuseAHugeLengthPrefixWithoutAllocatingIt() {
        byte[] key = keys.serializer().serialize(Topics.SCANS, "G1");
        byte[] huge = Arrays.copyOf(key, 10);
        // varint zigzag of a ~2 GiB string length where only a few bytes follow
        huge[5] = (byte) 0xFE; huge[6] = (byte) 0xFF; huge[7] = (byte) 0xFF; huge[8] = (byte) 0xFF; huge[9] = 0x0F;

        assertRefused(keys, huge).hasMessageContaining("schema id " + WireFormat.schemaId(key));
    }

    @Test
    void shouldRefuseAnEnumIndexOutOfRange() {
        byte[] bytes = scans.serializer().serialize(Topics.SCANS, aScan().build());
        // byte after eventId ("D1-000001": length byte + 9 chars) is the source enum index
        bytes[5 + 1 + 9] = 0x7e;

        assertRefused(scans, bytes).hasMessageContaining("schema id " + WireFormat.schemaId(bytes));
    }

    @Test
    void shouldRefuseDataWhoseWriterSchemaTheReaderCannotResolve() {
        byte[] stringKey = keys.serializer().serialize(Topics.SCANS, "G1");

        assertRefused(scans, stringKey).hasMessageContaining("schema id " + WireFormat.schemaId(stringKey))
                .hasMessageContaining("cannot be read as io.gatewatch.schema.ScanEvent");
    }

    @Test
    void shouldStillReadGoodRecordsAfterBadOnes() {
        byte[] good = validScan();
        assertRefused(scans, Arrays.copyOf(good, good.length - 1));

        assertThat(scans.deserializer().deserialize(Topics.SCANS, good).getHealthCode()).isEqualTo(HealthCodeColour.RED);
    }

    private byte[] validScan() {
        return scans.serializer().serialize(Topics.SCANS, aScan().withTemperature(38.1).withCode(HealthCodeColour.RED).build());
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(AvroSerde<?> serde, byte[] bytes) {
        return assertTimeoutPreemptively(QUICKLY, () -> assertThatThrownBy(
                () -> serde.deserializer().deserialize(Topics.SCANS, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic " + Topics.SCANS));
    }
}

package io.gatewatch.serde;

import static io.gatewatch.embedded.fuzz.FrameMutator.varint;
import static io.gatewatch.schema.testing.ScanEventBuilder.aScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.embedded.fuzz.FrameMutator;
import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * Decoding is bounded by what is there: a record's claimed lengths and counts are checked against
 * its own bytes before anything is allocated, strings are strict UTF-8, and records above
 * {@value AvroSerdeConfig#MAX_RECORD_BYTES} are refused undecoded (issue 13, repro 1).
 */
class AvroDeserializerBoundsTest {
    /** Just below Avro's own SystemLimitException string limit, as in the issue: it used to allocate 2 GB. */
    private static final long ISSUE_LENGTH = 2_147_483_548L;

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final Map<String, Object> config = new HashMap<>(Map.of("schema.registry.url", "mock://unused"));
    private final AvroSerde<ScanEvent> scans = AvroSerde.forValues(ScanEvent.class, registry, config);

    @Test
    void shouldRefuseTheThirteenByteLengthBombBeforeAllocating() {
        byte[] bomb = FrameMutator.lengthBomb(schemaIdOfScans());

        assertThat(bomb).hasSize(13);
        assertThatThrownBy(() -> scans.deserializer().deserialize(Topics.SCANS, bomb))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("string length " + ISSUE_LENGTH + " exceeds the 3 bytes left in the record");
    }

    @Test
    void shouldRefuseALengthBombInALaterOptionalField() {
        byte[] valid = scans.serializer().serialize(Topics.SCANS, aScan().fromDevice("D1").build());
        // eventId "D1-000001" (1+9), source (1), deviceId "D1" (1+2), then checkpointId: union branch 1 + length
        int checkpointLength = WireFormat.HEADER_SIZE + 10 + 1 + 3 + 1;
        byte[] bomb = Arrays.copyOf(valid, checkpointLength + 5);
        byte[] length = varint(ISSUE_LENGTH);
        System.arraycopy(length, 0, bomb, checkpointLength, length.length);

        assertThatThrownBy(() -> scans.deserializer().deserialize(Topics.SCANS, bomb))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("string length " + ISSUE_LENGTH + " exceeds");
    }

    @Test
    void shouldRefuseAnOverlongUtf8NulInAString() {
        ScanEvent scan = aScan().atCheckpoint("CPxX").build();
        byte[] bytes = scans.serializer().serialize(Topics.SCANS, scan);
        int at = indexOf(bytes, "CPxX".getBytes());
        bytes[at + 2] = (byte) 0xC0;
        bytes[at + 3] = (byte) 0x80;

        assertThatThrownBy(() -> scans.deserializer().deserialize(Topics.SCANS, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not strict UTF-8");
    }

    @Test
    void shouldReadNonAsciiTextThatIsStrictUtf8() {
        ScanEvent scan = aScan().atCheckpoint("北门卡口").build();

        ScanEvent read = scans.deserializer().deserialize(Topics.SCANS, scans.serializer().serialize(Topics.SCANS, scan));

        assertThat(read.getCheckpointId()).isEqualTo("北门卡口");
    }

    @Test
    void shouldRefuseARecordAboveTheConfiguredMaximumWithoutDecodingIt() {
        config.put(AvroSerdeConfig.MAX_RECORD_BYTES, "64");
        AvroSerde<ScanEvent> small = AvroSerde.forValues(ScanEvent.class, registry, config);
        byte[] bytes = small.serializer().serialize(Topics.SCANS, aScan().atCheckpoint("G".repeat(100)).build());

        assertThatThrownBy(() -> small.deserializer().deserialize(Topics.SCANS, bytes))
                .isInstanceOf(OversizedRecordException.class)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("avro.max.record.bytes=64");
    }

    @Test
    void shouldDecodeARecordAtTheConfiguredMaximum() {
        byte[] bytes = scans.serializer().serialize(Topics.SCANS, aScan().build());
        config.put(AvroSerdeConfig.MAX_RECORD_BYTES, bytes.length);
        AvroSerde<ScanEvent> exact = AvroSerde.forValues(ScanEvent.class, registry, config);

        assertThat(exact.deserializer().deserialize(Topics.SCANS, bytes).getEventId()).isEqualTo("D1-000001");
    }

    @Test
    void shouldRefuseAnArrayBlockCountLargerThanTheRecord() throws IOException {
        Schema schema = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"xs\",\"type\":{\"type\":\"array\",\"items\":\"long\"}}]}");
        int id = registry.register("bounds-value", schema);
        byte[] bytes = frame(id, varint(1_000_000_000L), new byte[] {2, 4});
        AvroDeserializer<GenericRecord> generic = AvroDeserializer.withReaderSchema(registry, schema);
        generic.configure(config, false);

        assertThatThrownBy(() -> generic.deserialize("bounds", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("array block count 1000000000 exceeds the 2 bytes left");
    }

    @Test
    void shouldSkipWriterOnlyFieldsOfEveryKindIncludingSizedBlocks() throws IOException {
        // Given a record written with fields the reader does not know, arrays and maps in sized blocks
        Schema writer = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"S\",\"fields\":["
                + "{\"name\":\"keep\",\"type\":\"string\"},{\"name\":\"s\",\"type\":\"string\"},"
                + "{\"name\":\"b\",\"type\":\"bytes\"},{\"name\":\"xs\",\"type\":{\"type\":\"array\",\"items\":\"string\"}},"
                + "{\"name\":\"m\",\"type\":{\"type\":\"map\",\"values\":\"long\"}},{\"name\":\"last\",\"type\":\"int\"}]}");
        Schema reader = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"S\",\"fields\":["
                + "{\"name\":\"keep\",\"type\":\"string\"},{\"name\":\"last\",\"type\":\"int\"}]}");
        GenericRecord record = new GenericData.Record(writer);
        record.put("keep", "G1");
        record.put("s", "op-17");
        record.put("b", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        record.put("xs", List.of("a", "bb", "ccc"));
        record.put("m", Map.of("k", 7L, "l", 300L));
        record.put("last", 42);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().blockingBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
        encoder.flush();
        int id = registry.register("skips-value", writer);
        byte[] bytes = frame(id, out.toByteArray());
        AvroDeserializer<GenericRecord> deserializer = AvroDeserializer.withReaderSchema(registry, reader);
        deserializer.configure(config, false);

        // When it is read with the reader's schema
        GenericRecord read = deserializer.deserialize("skips", bytes);

        // Then every unknown field was skipped exactly (no trailing bytes) and the known ones read
        assertThat(read.get("keep")).hasToString("G1");
        assertThat(read.get("last")).isEqualTo(42);
    }

    @Test
    void shouldRefuseAMapBlockCountLargerThanTheRecord() {
        byte[] bytes = frame(0, varint(5_000L), new byte[] {2, 'k', 0});
        BoundedDecoder decoder = new BoundedDecoder().reset(bytes, WireFormat.HEADER_SIZE, bytes.length - WireFormat.HEADER_SIZE);

        assertThatThrownBy(decoder::readMapStart).isInstanceOf(EOFException.class)
                .hasMessageContaining("map block count 5000 exceeds the 3 bytes left");
    }

    private int schemaIdOfScans() {
        return WireFormat.schemaId(scans.serializer().serialize(Topics.SCANS, aScan().build()));
    }

    static byte[] frame(int schemaId, byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[WireFormat.HEADER_SIZE];
        WireFormat.writeHeader(header, schemaId);
        out.writeBytes(header);
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}

package io.gatewatch.serde.codec;

import static io.gatewatch.schema.TestRecords.aFeverScreenedScan;
import static io.gatewatch.schema.testing.ScanEventBuilder.aScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import io.gatewatch.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The codec serde keeps the registry as the contract: ids from the registry, other writer schemas read by Avro. */
class CodecSerdeTest {
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final Map<String, String> config = Map.of("schema.registry.url", "mock://unused");

    @Test
    void shouldFrameWithTheIdTheRegistryGaveTheSchema() {
        CodecSerde<ScanEvent> serde = CodecSerde.scanEvents(registry, config);

        serde.serializer().serialize(Topics.SCANS, aScan().build());
        byte[] second = serde.serializer().serialize(Topics.SCANS, aScan().withEventId("E2").build());

        assertThat(WireFormat.schemaId(second)).isEqualTo(registry.lookup(Topics.SCANS + "-value", ScanEvent.getClassSchema()).id());
    }

    @Test
    void shouldBeReadableByAvrosOwnReaderWithTheRegisteredSchema() throws Exception {
        CodecSerde<ScreenedScan> serde = CodecSerde.screenedScans(registry, config);
        ScreenedScan screened = aFeverScreenedScan();
        serde.serializer().serialize(Topics.SCANS_SCREENED, screened);
        byte[] bytes = serde.serializer().serialize(Topics.SCANS_SCREENED, screened);

        Schema registered = registry.getById(WireFormat.schemaId(bytes));
        ScreenedScan read = new SpecificDatumReader<ScreenedScan>(registered, ScreenedScan.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));

        assertThat(read).isEqualTo(screened);
    }

    @Test
    void shouldReadAnotherVersionOfTheSchemaThroughAvrosResolution() throws Exception {
        // Given a scan written by a newer producer whose schema has one more field (with a default)
        byte[] bytes = scanOfANewerSchemaVersion("E9");

        // When the codec serde reads it
        ScanEvent read = CodecSerde.scanEvents(registry, config).deserializer().deserialize(Topics.SCANS, bytes);

        // Then Avro resolved it: known fields kept, the rest defaulted
        assertThat(read.getEventId()).isEqualTo("E9");
        assertThat(read.getDeviceId()).isEqualTo("C1");
        assertThat(read.getVillageCode()).isNull();
    }

    @Test
    void shouldResolveAnotherVersionArrivingBetweenRecordsOfItsOwnSchema() throws Exception {
        // Given one serde that has already read records of its own schema
        CodecSerde<ScanEvent> serde = CodecSerde.scanEvents(registry, config);
        ScanEvent own = aScan().build();
        serde.serializer().serialize(Topics.SCANS, own);
        byte[] ownBytes = serde.serializer().serialize(Topics.SCANS, own);
        assertThat(serde.deserializer().deserialize(Topics.SCANS, ownBytes)).isEqualTo(own);

        // When a newer producer's scan arrives, then its own schema's again
        ScanEvent newer = serde.deserializer().deserialize(Topics.SCANS, scanOfANewerSchemaVersion("E10"));
        ScanEvent ownAgain = serde.deserializer().deserialize(Topics.SCANS, ownBytes);

        // Then each is read with its writer's schema
        assertThat(newer.getEventId()).isEqualTo("E10");
        assertThat(newer.getVillageCode()).isNull();
        assertThat(ownAgain).isEqualTo(own);
    }

    /** A scan framed with the id of a newer ScanEvent schema with one more field (with a default). */
    private byte[] scanOfANewerSchemaVersion(String eventId) throws Exception {
        Schema newer = SchemaBuilder.record("ScanEvent").namespace("io.gatewatch.schema").fields()
                .requiredString("eventId").name("source").type(ScanEvent.getClassSchema().getField("source").schema()).noDefault()
                .requiredString("deviceId").name("scannedAt").type(ScanEvent.getClassSchema().getField("scannedAt").schema()).noDefault()
                .name("firmware").type().stringType().stringDefault("unknown").endRecord();
        int id = registry.register(Topics.SCANS + "-value", newer);
        GenericRecord record = new GenericData.Record(newer);
        record.put("eventId", eventId);
        record.put("source", new GenericData.EnumSymbol(newer.getField("source").schema(), "CLINIC"));
        record.put("deviceId", "C1");
        record.put("scannedAt", 1_700_000_000_000L);
        record.put("firmware", "2.1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[5]);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(newer).write(record, encoder);
        byte[] bytes = out.toByteArray();
        WireFormat.writeHeader(bytes, id);
        return bytes;
    }

    @Test
    void shouldRefuseTrailingBytesAsAvroDoes() {
        AvroSerde<ScanEvent> avro = AvroSerde.forValues(ScanEvent.class, registry, config);
        byte[] valid = avro.serializer().serialize(Topics.SCANS, aScan().build());
        byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 1);

        assertThatThrownBy(() -> CodecSerde.scanEvents(registry, config).deserializer().deserialize(Topics.SCANS, trailing))
                .isInstanceOf(SerializationException.class).hasMessageContaining("trailing bytes");
    }

    @Test
    void shouldRefuseARecordMissingARequiredFieldAsSerializationError() {
        CodecSerde<ScanEvent> serde = CodecSerde.scanEvents(registry, config);
        serde.serializer().serialize(Topics.SCANS, aScan().build());
        ScanEvent broken = aScan().build();
        broken.setEventId(null);

        assertThatThrownBy(() -> serde.serializer().serialize(Topics.SCANS, broken)).isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldRefuseARecordAboveTheMaximumSizeUndecodedAsAvroDoes() {
        Map<String, Object> small = Map.of("schema.registry.url", "mock://unused", "avro.max.record.bytes", 64);
        AvroSerde<ScanEvent> avro = AvroSerde.forValues(ScanEvent.class, registry, config);
        byte[] large = avro.serializer().serialize(Topics.SCANS, aScan().withEventId("E".repeat(100)).build());

        assertThatThrownBy(() -> CodecSerde.scanEvents(registry, small).deserializer().deserialize(Topics.SCANS, large))
                .isInstanceOf(SerializationException.class).hasMessageContaining("avro.max.record.bytes");
    }

    @Test
    void shouldPassTombstonesThrough() {
        CodecSerde<ScanEvent> serde = CodecSerde.scanEvents(registry, config);

        assertThat(serde.serializer().serialize(Topics.SCANS, null)).isNull();
        assertThat(serde.deserializer().deserialize(Topics.SCANS, null)).isNull();
    }
}

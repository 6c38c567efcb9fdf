package io.gatewatch.serde;

import static io.gatewatch.serde.GateReadingSchemas.V1;
import static io.gatewatch.serde.GateReadingSchemas.V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.registry.CachedSchemaRegistryClient;
import io.gatewatch.registry.RegistryClientConfig;
import io.gatewatch.registry.SchemaRegistryException;
import io.gatewatch.registry.server.EmbeddedSchemaRegistry;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Schema evolution end to end through the embedded registry over HTTP: a producer moves from v1
 * to v2 of a record (BACKWARD-compatible, accepted), consumers on either version read both, and
 * an incompatible v3 is refused by the registry with 409 before a byte is written.
 */
class SchemaEvolutionOverHttpTest {
    private static final String TOPIC = "gatewatch.test.readings";

    private static EmbeddedSchemaRegistry registry;
    private static byte[] writtenWithV1;
    private static byte[] writtenWithV2;

    @BeforeAll
    static void produceWithBothVersions() {
        registry = EmbeddedSchemaRegistry.inMemory();
        writtenWithV1 = serializer().serialize(TOPIC, GateReadingSchemas.v1("G1", 36.6, "WRIST"));
        writtenWithV2 = serializer().serialize(TOPIC, GateReadingSchemas.v2("G2", 37.9, "AXILLA", -3.5, "op-17"));
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldRegisterV2AsASecondVersionWithItsOwnId() {
        assertThat(WireFormat.schemaId(writtenWithV2)).isNotEqualTo(WireFormat.schemaId(writtenWithV1));
        assertThat(client().getVersions(TOPIC + "-value")).containsExactly(1, 2);
    }

    @Test
    void shouldLetAV2ConsumerReadV1DataWithDefaults() {
        GenericRecord read = readAs(GateReadingSchemas.V2, writtenWithV1);

        assertThat(read.getSchema()).isEqualTo(V2);
        assertThat(read.get("gate")).hasToString("G1");
        assertThat(read.get("ambientCelsius")).isNull();
        assertThat(read.get("operator")).hasToString("unknown");
    }

    @Test
    void shouldLetAV1ConsumerReadV2DataDroppingNewFieldsAndMappingNewSymbols() {
        GenericRecord read = readAs(GateReadingSchemas.V1, writtenWithV2);

        assertThat(read.getSchema()).isEqualTo(V1);
        assertThat(read.get("gate")).hasToString("G2");
        assertThat(read.get("celsius")).isEqualTo(37.9);
        assertThat(read.get("site")).isEqualTo(new GenericData.EnumSymbol(V1.getField("site").schema(), "UNKNOWN_SITE"));
    }

    @Test
    void shouldLetAWriterSchemaConsumerReadEachRecordAsWritten() {
        GenericRecord read = (GenericRecord) AvroDeserializer.withReaderSchema(client(), null).deserialize(TOPIC, writtenWithV2);

        assertThat(read.getSchema()).isEqualTo(V2);
        assertThat(read.get("operator")).hasToString("op-17");
    }

    @Test
    void shouldRefuseAnIncompatibleV3At409() {
        assertThatThrownBy(() -> serializer().serialize(TOPIC, GateReadingSchemas.v3("G3")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC + "-value")
                .cause().isInstanceOfSatisfying(SchemaRegistryException.IncompatibleSchema.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(409));
        assertThat(client().getVersions(TOPIC + "-value")).containsExactly(1, 2);
    }

    private static GenericRecord readAs(org.apache.avro.Schema reader, byte[] bytes) {
        return (GenericRecord) AvroDeserializer.withReaderSchema(client(), reader).deserialize(TOPIC, bytes);
    }

    private static AvroSerializer<GenericRecord> serializer() {
        AvroSerializer<GenericRecord> serializer = new AvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", registry.url()), false);
        return serializer;
    }

    private static CachedSchemaRegistryClient client() {
        return new CachedSchemaRegistryClient(new RegistryClientConfig(Map.of("schema.registry.url", registry.url())));
    }
}

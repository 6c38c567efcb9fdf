package io.gatewatch.serde;

import static io.gatewatch.serde.GateReadingSchemas.V1;
import static io.gatewatch.serde.GateReadingSchemas.V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** {@code auto.register.schemas} and {@code use.latest.version}, as Confluent's serializer behaves. */
class AvroSerializerModesTest {
    private static final String TOPIC = "gatewatch.test.readings";
    private static final String SUBJECT = TOPIC + "-value";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void shouldRefuseAnUnregisteredSchemaWhenAutoRegisterIsOff() {
        AvroSerializer<GenericRecord> serializer = serializer(Map.of("auto.register.schemas", "false"));

        assertThatThrownBy(() -> serializer.serialize(TOPIC, GateReadingSchemas.v1("G1", 36.5, "WRIST")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic " + TOPIC).hasMessageContaining(SUBJECT)
                .hasCauseInstanceOf(SchemaRegistryException.SubjectNotFound.class);
        assertThat(registry.getSubjects()).doesNotContain(SUBJECT);
    }

    @Test
    void shouldUseTheRegisteredIdWithoutRegisteringWhenAutoRegisterIsOff() {
        int id = registry.register(SUBJECT, V1);
        AvroSerializer<GenericRecord> serializer = serializer(Map.of("auto.register.schemas", "false"));

        byte[] bytes = serializer.serialize(TOPIC, GateReadingSchemas.v1("G1", 36.5, "WRIST"));

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
        assertThat(registry.getVersions(SUBJECT)).containsExactly(1);
    }

    @Test
    void shouldRefuseASchemaMissingFromAnExistingSubjectWhenAutoRegisterIsOff() {
        registry.register(SUBJECT, V1);
        AvroSerializer<GenericRecord> serializer = serializer(Map.of("auto.register.schemas", "false"));

        assertThatThrownBy(() -> serializer.serialize(TOPIC, GateReadingSchemas.v2("G1", 36.5, "WRIST", null, "op")))
                .isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(SchemaRegistryException.SchemaNotFound.class);
    }

    @Test
    void shouldWriteWithTheLatestSchemaProjectingTheRecordOntoIt() {
        int v1 = registry.register(SUBJECT, V1);
        AvroSerializer<GenericRecord> serializer = serializer(Map.of("use.latest.version", "true"));

        byte[] bytes = serializer.serialize(TOPIC, GateReadingSchemas.v2("G1", 36.5, "WRIST", 3.0, "op-7"));

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(v1);
        GenericRecord read = (GenericRecord) new AvroDeserializer<>(registry, null).deserialize(TOPIC, bytes);
        assertThat(read.getSchema()).isEqualTo(V1);
        assertThat(read.get("gate")).hasToString("G1");
        assertThat(registry.getVersions(SUBJECT)).containsExactly(1);
    }

    @Test
    void shouldPickUpANewLatestVersion() {
        int v1 = registry.register(SUBJECT, V1);
        AvroSerializer<GenericRecord> serializer = serializer(Map.of("use.latest.version", "true"));
        GenericRecord record = GateReadingSchemas.v1("G1", 36.5, "WRIST");
        assertThat(WireFormat.schemaId(serializer.serialize(TOPIC, record))).isEqualTo(v1);

        int v2 = registry.register(SUBJECT, V2);

        byte[] bytes = serializer.serialize(TOPIC, record);
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(v2);
        GenericRecord read = (GenericRecord) new AvroDeserializer<>(registry, null).deserialize(TOPIC, bytes);
        assertThat(read.get("operator")).hasToString("unknown");
    }

    @Test
    void shouldRefuseARecordTheLatestSchemaCannotRepresent() {
        registry.register(SUBJECT, V1);
        registry.register(SUBJECT, V2);
        Schema recordWithoutGate = new Schema.Parser().parse("""
                {"type": "record", "name": "GateReading", "namespace": "io.gatewatch.test",
                 "fields": [{"name": "celsius", "type": "double"}]}""");
        GenericRecord record = new org.apache.avro.generic.GenericData.Record(recordWithoutGate);
        record.put("celsius", 36.5);
        AvroSerializer<GenericRecord> serializer = serializer(Map.of("use.latest.version", "true"));

        assertThatThrownBy(() -> serializer.serialize(TOPIC, record))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("latest schema (id").hasMessageContaining("cannot represent");
    }

    @Test
    void shouldRefuseUseLatestWhenTheSubjectHasNoVersion() {
        AvroSerializer<GenericRecord> serializer = serializer(Map.of("use.latest.version", "true"));

        assertThatThrownBy(() -> serializer.serialize(TOPIC, GateReadingSchemas.v1("G1", 36.5, "WRIST")))
                .isInstanceOf(SerializationException.class).hasMessageContaining(SUBJECT);
        assertThat(registry.getSubjects()).doesNotContain(SUBJECT);
    }

    @Test
    void shouldNotNeedARegistryUrlWhenGivenAClient() {
        AvroSerializer<String> serializer = new AvroSerializer<>(registry);
        serializer.configure(Map.of(), true);

        assertThat(serializer.serialize(TOPIC, "G1")).startsWith(0);
    }

    private AvroSerializer<GenericRecord> serializer(Map<String, String> settings) {
        AvroSerializer<GenericRecord> serializer = new AvroSerializer<>(registry);
        serializer.configure(settings, false);
        return serializer;
    }
}

package io.gatewatch.serde;

import static io.gatewatch.schema.testing.ScanEventBuilder.aScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.registry.CompatibilityLevel;
import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.registry.RegisteredSchema;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryException;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.Topics;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * A registry outage is not a bad record: the deserializer says so with its own type, so no
 * dead-letter path sets a readable record aside while the registry is down.
 */
class AvroDeserializerRegistryOutageTest {
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final Map<String, String> config = Map.of("schema.registry.url", "mock://unused");

    @Test
    void shouldReportAnUnreachableRegistryAsAnOutageNotAsABadRecord() {
        byte[] bytes = AvroSerde.forValues(ScanEvent.class, registry, config).serializer().serialize(Topics.SCANS, aScan().build());
        AvroSerde<ScanEvent> reader = AvroSerde.forValues(ScanEvent.class,
                failingWith(new SchemaRegistryException.Unreachable("connection refused", null)), config);

        assertThatThrownBy(() -> reader.deserializer().deserialize(Topics.SCANS, bytes))
                .isInstanceOf(RegistryUnavailableException.class)
                .satisfies(e -> assertThat(RegistryUnavailableException.isCause(e)).isTrue());
    }

    @Test
    void shouldReportARegistryServerErrorAsAnOutage() {
        byte[] bytes = AvroSerde.forValues(ScanEvent.class, registry, config).serializer().serialize(Topics.SCANS, aScan().build());
        AvroSerde<ScanEvent> reader = AvroSerde.forValues(ScanEvent.class,
                failingWith(new SchemaRegistryException.UnexpectedResponse(503, "service unavailable")), config);

        assertThatThrownBy(() -> reader.deserializer().deserialize(Topics.SCANS, bytes)).isInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void shouldStillReportAnUnknownSchemaIdAsABadRecord() {
        byte[] bytes = AvroSerde.forValues(ScanEvent.class, registry, config).serializer().serialize(Topics.SCANS, aScan().build());
        AvroSerde<ScanEvent> reader = AvroSerde.forValues(ScanEvent.class, new InMemorySchemaRegistryClient(), config);

        assertThatThrownBy(() -> reader.deserializer().deserialize(Topics.SCANS, bytes))
                .isInstanceOf(SerializationException.class)
                .isNotInstanceOf(RegistryUnavailableException.class);
    }

    /** A registry whose lookups by id fail with {@code failure}; everything else is unused here. */
    private static SchemaRegistryClient failingWith(SchemaRegistryException failure) {
        return new SchemaRegistryClient() {
            @Override public int register(String subject, Schema schema) { throw failure; }
            @Override public RegisteredSchema lookup(String subject, Schema schema) { throw failure; }
            @Override public Schema getById(int id) { throw failure; }
            @Override public RegisteredSchema getLatest(String subject) { throw failure; }
            @Override public RegisteredSchema getVersion(String subject, int version) { throw failure; }
            @Override public List<Integer> getVersions(String subject) { throw failure; }
            @Override public List<String> getSubjects() { throw failure; }
            @Override public boolean isCompatible(String subject, Schema schema) { throw failure; }
            @Override public CompatibilityLevel getCompatibility(String subject) { throw failure; }
            @Override public CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level) { throw failure; }
        };
    }
}

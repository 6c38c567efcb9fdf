package io.gatewatch.registry;

import java.io.Closeable;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry REST API that GateWatch's serdes and operators use.
 *
 * <p>Implementations: {@link InMemorySchemaRegistryClient} (tests, {@code mock://} URLs) and the
 * caching HTTP client for any Confluent-compatible registry (Confluent, Apicurio ccompat, Karapace,
 * Redpanda, GateWatch's embedded registry). Every method throws a {@link SchemaRegistryException}
 * subtype carrying the Confluent error code on failure.
 */
public interface SchemaRegistryClient extends Closeable {

    /** {@code POST /subjects/{subject}/versions}: registers (or finds) the schema, returns its global id. */
    int register(String subject, Schema schema);

    /** {@code POST /subjects/{subject}}: the id and version of a schema already registered under the subject. */
    RegisteredSchema lookup(String subject, Schema schema);

    /** {@code GET /schemas/ids/{id}}: the schema with a global id. */
    Schema getById(int id);

    /** {@code GET /subjects/{subject}/versions/latest}. */
    RegisteredSchema getLatest(String subject);

    /** {@code GET /subjects/{subject}/versions/{version}}. */
    RegisteredSchema getVersion(String subject, int version);

    /** {@code GET /subjects/{subject}/versions}. */
    List<Integer> getVersions(String subject);

    /** {@code GET /subjects}. */
    List<String> getSubjects();

    /** {@code POST /compatibility/subjects/{subject}/versions/latest}: true when the schema may be registered. */
    boolean isCompatible(String subject, Schema schema);

    /** {@code GET /config} (subject null) or {@code GET /config/{subject}}. */
    CompatibilityLevel getCompatibility(String subject);

    /** {@code PUT /config} (subject null) or {@code PUT /config/{subject}}. */
    CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level);

    @Override
    default void close() {}
}

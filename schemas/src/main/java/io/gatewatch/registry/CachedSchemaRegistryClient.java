package io.gatewatch.registry;

import java.util.List;
import org.apache.avro.Schema;

/** Caching HTTP client for Confluent-compatible registries. (Being built: see issue 2.) */
public final class CachedSchemaRegistryClient implements SchemaRegistryClient {
    public CachedSchemaRegistryClient(RegistryClientConfig config) {
        throw new UnsupportedOperationException("HTTP registry client not built yet");
    }
    @Override public int register(String subject, Schema schema) { throw new UnsupportedOperationException(); }
    @Override public RegisteredSchema lookup(String subject, Schema schema) { throw new UnsupportedOperationException(); }
    @Override public Schema getById(int id) { throw new UnsupportedOperationException(); }
    @Override public RegisteredSchema getLatest(String subject) { throw new UnsupportedOperationException(); }
    @Override public RegisteredSchema getVersion(String subject, int version) { throw new UnsupportedOperationException(); }
    @Override public List<Integer> getVersions(String subject) { throw new UnsupportedOperationException(); }
    @Override public List<String> getSubjects() { throw new UnsupportedOperationException(); }
    @Override public boolean isCompatible(String subject, Schema schema) { throw new UnsupportedOperationException(); }
    @Override public CompatibilityLevel getCompatibility(String subject) { throw new UnsupportedOperationException(); }
    @Override public CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level) { throw new UnsupportedOperationException(); }
}

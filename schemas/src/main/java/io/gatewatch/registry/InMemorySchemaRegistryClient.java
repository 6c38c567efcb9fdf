package io.gatewatch.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A registry held in this JVM, for {@code TopologyTestDriver} tests and {@code mock://<scope>}
 * URLs (as Confluent's mock client): every client of the same scope sees the same registry.
 * Same rules and error codes as the real registry; no HTTP.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private static final Map<String, RegistryState> SCOPES = new ConcurrentHashMap<>();
    private static final RegistryState.Persister NOWHERE = change -> {};

    private final RegistryState state;

    public InMemorySchemaRegistryClient() {
        this(new RegistryState(CompatibilityLevel.BACKWARD));
    }

    public InMemorySchemaRegistryClient(RegistryState state) {
        this.state = state;
    }

    /** The shared client for a {@code mock://} scope. */
    public static InMemorySchemaRegistryClient forScope(String scope) {
        return new InMemorySchemaRegistryClient(
                SCOPES.computeIfAbsent(scope, s -> new RegistryState(CompatibilityLevel.BACKWARD)));
    }

    /** Forgets a {@code mock://} scope, so the next test starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override public int register(String subject, Schema schema) { return state.register(subject, schema, NOWHERE).id(); }
    @Override public RegisteredSchema lookup(String subject, Schema schema) { return state.lookup(subject, schema); }
    @Override public Schema getById(int id) { return state.byId(id); }
    @Override public RegisteredSchema getLatest(String subject) { return state.latest(subject); }
    @Override public RegisteredSchema getVersion(String subject, int version) { return state.version(subject, version); }
    @Override public List<Integer> getVersions(String subject) { return state.versions(subject); }
    @Override public List<String> getSubjects() { return state.subjects(); }
    @Override public boolean isCompatible(String subject, Schema schema) { return state.compatible(subject, schema); }
    @Override public CompatibilityLevel getCompatibility(String subject) { return state.level(subject); }

    @Override
    public CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level) {
        return state.setLevel(subject, level, NOWHERE);
    }
}

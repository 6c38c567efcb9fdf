package io.gatewatch.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The registry's state as a deterministic state machine: subjects, versions, global ids and
 * compatibility settings, changed only by {@link Change}s.
 *
 * <p>A durable registry persists each change (e.g. to a compacted Kafka topic) before applying it
 * and replays the changes at start-up, so ids stay stable across restarts; the in-memory client
 * applies them directly. The same schema text gets the same global id under every subject, as in
 * Confluent's registry. Thread-safe: every operation holds the instance lock.
 */
public final class RegistryState {

    /** A state change, in the order it must be replayed. */
    public sealed interface Change permits SchemaRegistered, CompatibilitySet {}

    /** Version {@code version} of {@code subject} is the schema with global id {@code id}. */
    public record SchemaRegistered(String subject, int version, int id, String schema) implements Change {}

    /** Compatibility level set globally ({@code subject == null}) or for one subject. */
    public record CompatibilitySet(String subject, CompatibilityLevel level) implements Change {}

    /** Called with each new change before it is applied; throwing aborts the operation. */
    @FunctionalInterface
    public interface Persister {
        void persist(Change change);
    }

    private final CompatibilityLevel defaultLevel;
    private CompatibilityLevel globalLevel;
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private final Map<String, TreeMap<Integer, RegisteredSchema>> subjects = new TreeMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private int maxId;

    public RegistryState(CompatibilityLevel defaultLevel) {
        this.defaultLevel = defaultLevel;
        this.globalLevel = defaultLevel;
    }

    /** Parses schema text, mapping parse errors (bad JSON, unknown types, invalid defaults) to 42201. */
    public static Schema parse(String schemaText) {
        try {
            return new Schema.Parser().setValidateDefaults(true).parse(schemaText);
        } catch (SchemaParseException | AvroTypeException | NullPointerException e) {
            throw new SchemaRegistryException.InvalidSchema("Invalid Avro schema: " + e.getMessage());
        }
    }

    /** Applies a persisted change (replay). Idempotent for changes already applied. */
    public synchronized void apply(Change change) {
        if (change instanceof SchemaRegistered r) {
            Schema schema = parse(r.schema());
            schemasById.putIfAbsent(r.id(), schema);
            idsByCanonical.putIfAbsent(schema.toString(), r.id());
            subjects.computeIfAbsent(r.subject(), s -> new TreeMap<>())
                    .putIfAbsent(r.version(), new RegisteredSchema(r.subject(), r.id(), r.version(), schema));
            maxId = Math.max(maxId, r.id());
        } else if (change instanceof CompatibilitySet c) {
            if (c.subject() == null) {
                globalLevel = c.level();
            } else {
                subjectLevels.put(c.subject(), c.level());
            }
        }
    }

    /** Registers a schema under a subject, or returns the existing registration of the same schema. */
    public synchronized RegisteredSchema register(String subject, Schema schema, Persister persister) {
        Optional<RegisteredSchema> existing = find(subject, schema);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (!compatible(subject, schema)) {
            throw new SchemaRegistryException.IncompatibleSchema(
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\" under compatibility level " + effectiveLevel(subject));
        }
        String canonical = schema.toString();
        int id = idsByCanonical.getOrDefault(canonical, maxId + 1);
        TreeMap<Integer, RegisteredSchema> versions = subjects.get(subject);
        int version = versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
        SchemaRegistered change = new SchemaRegistered(subject, version, id, canonical);
        persister.persist(change);
        apply(change);
        return subjects.get(subject).get(version);
    }

    /** The registration of exactly this schema under the subject (40401 / 40403 when absent). */
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        requireSubject(subject);
        return find(subject, schema).orElseThrow(() -> new SchemaRegistryException.SchemaNotFound(
                "Schema not found under subject \"" + subject + "\""));
    }

    public synchronized Schema byId(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException.SchemaNotFound("Schema " + id + " not found");
        }
        return schema;
    }

    /** Subjects and versions that use the schema with this id. */
    public synchronized List<RegisteredSchema> usagesOf(int id) {
        List<RegisteredSchema> out = new ArrayList<>();
        subjects.values().forEach(v -> v.values().stream().filter(r -> r.id() == id).forEach(out::add));
        return out;
    }

    public synchronized RegisteredSchema latest(String subject) {
        return requireSubject(subject).lastEntry().getValue();
    }

    public synchronized RegisteredSchema version(String subject, int version) {
        RegisteredSchema found = requireSubject(subject).get(version);
        if (found == null) {
            throw new SchemaRegistryException.VersionNotFound(
                    "Version " + version + " not found under subject \"" + subject + "\"");
        }
        return found;
    }

    public synchronized List<Integer> versions(String subject) {
        return List.copyOf(requireSubject(subject).keySet());
    }

    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    /** True when the schema may be registered under the subject at its effective level. */
    public synchronized boolean compatible(String subject, Schema schema) {
        TreeMap<Integer, RegisteredSchema> versions = subjects.get(subject);
        List<Schema> existing = versions == null ? List.of()
                : versions.values().stream().map(RegisteredSchema::schema).toList();
        return effectiveLevel(subject).allows(schema, existing);
    }

    /** Global level (subject null), or the subject's own level (40408 when it has none, as Confluent). */
    public synchronized CompatibilityLevel level(String subject) {
        if (subject == null) {
            return globalLevel;
        }
        CompatibilityLevel own = subjectLevels.get(subject);
        if (own == null) {
            throw new SchemaRegistryException.CompatibilityNotConfigured(
                    "Subject '" + subject + "' does not have subject-level compatibility configured");
        }
        return own;
    }

    public synchronized CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    public synchronized CompatibilityLevel setLevel(String subject, CompatibilityLevel level, Persister persister) {
        CompatibilitySet change = new CompatibilitySet(subject, level);
        persister.persist(change);
        apply(change);
        return level;
    }

    /** The level a fresh registry starts with (BACKWARD, as Confluent). */
    public CompatibilityLevel defaultLevel() {
        return defaultLevel;
    }

    private Optional<RegisteredSchema> find(String subject, Schema schema) {
        TreeMap<Integer, RegisteredSchema> versions = subjects.get(subject);
        if (versions == null) {
            return Optional.empty();
        }
        String canonical = schema.toString();
        return versions.values().stream().filter(r -> r.schema().toString().equals(canonical)).findFirst();
    }

    private TreeMap<Integer, RegisteredSchema> requireSubject(String subject) {
        TreeMap<Integer, RegisteredSchema> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException.SubjectNotFound("Subject \"" + subject + "\" not found");
        }
        return versions;
    }
}

package io.gatewatch.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Caching HTTP client for any Confluent-compatible schema registry (Confluent, Apicurio's
 * {@code /apis/ccompat/v7}, Karapace, Redpanda, GateWatch's embedded registry), built on
 * {@code java.net.http} and Jackson; no Confluent artifacts.
 *
 * <p>Caching, as Confluent's client: what is immutable in a registry is cached for the life of the
 * client, so a repeated {@link #register}, {@link #lookup}, {@link #getById} or {@link #getVersion}
 * makes no HTTP call. The id of a schema this client registered or looked up is also known as
 * schema-by-id, so a process that writes never fetches its own schemas back. The latest version
 * of a subject is cached for {@code latest.cache.ttl.sec} and forgotten when this client
 * registers under the subject. "Not found" answers (unknown id, missing version, schema not under
 * subject) are remembered for their short {@code missing.*.cache.ttl.sec}, so a burst of records
 * with an unknown id does not become a burst of requests; registering under a subject forgets its
 * misses. Subjects, version lists, compatibility checks and config are never cached: operators
 * ask for them to see the current state.
 *
 * <p>Retries, failover, timeouts, basic auth and TLS: see {@link RegistryRestTransport} and
 * {@link RegistryClientConfig}. Registries that deviate from Confluent are accepted where the
 * meaning is clear (see {@code schemas/REGISTRY.md}). Thread-safe.
 */
public final class CachedSchemaRegistryClient implements SchemaRegistryClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record SubjectSchema(String subject, String schema) {}

    private record SubjectVersion(String subject, int version) {}

    private record Expiring(RegisteredSchema value, long expiresAtNanos) {}

    private final RegistryRestTransport rest;
    private final LongSupplier nanoClock;
    private final long latestTtlNanos;

    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Schema> schemasByText = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> registeredIds = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, RegisteredSchema> lookups = new ConcurrentHashMap<>();
    private final Map<SubjectVersion, RegisteredSchema> versions = new ConcurrentHashMap<>();
    private final Map<String, Expiring> latest = new ConcurrentHashMap<>();
    private final MissCache misses;

    public CachedSchemaRegistryClient(RegistryClientConfig config) {
        this(config, System::nanoTime, RegistryRestTransport.Sleeper.THREAD);
    }

    /** With a clock for the TTLs and a sleeper for the back-off (tests drive both). */
    CachedSchemaRegistryClient(RegistryClientConfig config, LongSupplier nanoClock, RegistryRestTransport.Sleeper sleeper) {
        this.rest = new RegistryRestTransport(config, sleeper, JSON);
        this.nanoClock = nanoClock;
        long latestSec = config.latestCacheTtlSec();
        this.latestTtlNanos = latestSec < 0 ? Long.MAX_VALUE : TimeUnit.SECONDS.toNanos(latestSec);
        this.misses = new MissCache(config.missingCacheSize(), nanoClock, Map.of(
                MissCache.Kind.ID, TimeUnit.SECONDS.toNanos(config.missingIdCacheTtlSec()),
                MissCache.Kind.VERSION, TimeUnit.SECONDS.toNanos(config.missingVersionCacheTtlSec()),
                MissCache.Kind.SCHEMA, TimeUnit.SECONDS.toNanos(config.missingSchemaCacheTtlSec())));
    }

    @Override
    public int register(String subject, Schema schema) {
        String text = schema.toString();
        SubjectSchema key = new SubjectSchema(subject, text);
        Integer cached = registeredIds.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode response = rest.post(subjectPath(subject) + "/versions", schemaBody(text));
        int id = requireInt(response, "id", "register");
        registeredIds.put(key, id);
        remember(id, text, schema);
        latest.remove(subject);
        misses.forgetSubject(subject);
        return id;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        String text = schema.toString();
        SubjectSchema key = new SubjectSchema(subject, text);
        RegisteredSchema cached = lookups.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode response = misses.ask(new MissCache.Key(MissCache.Kind.SCHEMA, subject, text),
                () -> rest.post(subjectPath(subject), schemaBody(text)));
        int id = requireInt(response, "id", "lookup");
        RegisteredSchema found = new RegisteredSchema(subject, id, requireInt(response, "version", "lookup"),
                remember(id, text, schema));
        lookups.put(key, found);
        registeredIds.putIfAbsent(key, id);
        versions.putIfAbsent(new SubjectVersion(subject, found.version()), found);
        return found;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode response = misses.ask(new MissCache.Key(MissCache.Kind.ID, null, id), () -> rest.get("/schemas/ids/" + id));
        requireAvro(response, "schema " + id);
        String text = requireText(response, "schema", "get schema " + id);
        return remember(id, text, null);
    }

    @Override
    public RegisteredSchema getLatest(String subject) {
        Expiring cached = latest.get(subject);
        if (cached != null && nanoClock.getAsLong() - cached.expiresAtNanos() < 0) {
            return cached.value();
        }
        RegisteredSchema found = misses.ask(new MissCache.Key(MissCache.Kind.VERSION, subject, "latest"),
                () -> registered(subject, rest.get(subjectPath(subject) + "/versions/latest")));
        if (latestTtlNanos > 0) {
            long expires = latestTtlNanos == Long.MAX_VALUE ? nanoClock.getAsLong() + Long.MAX_VALUE / 2
                    : nanoClock.getAsLong() + latestTtlNanos;
            latest.put(subject, new Expiring(found, expires));
        }
        return found;
    }

    @Override
    public RegisteredSchema getVersion(String subject, int version) {
        SubjectVersion key = new SubjectVersion(subject, version);
        RegisteredSchema cached = versions.get(key);
        if (cached != null) {
            return cached;
        }
        return misses.ask(new MissCache.Key(MissCache.Kind.VERSION, subject, version),
                () -> registered(subject, rest.get(subjectPath(subject) + "/versions/" + version)));
    }

    @Override
    public List<Integer> getVersions(String subject) {
        return items(rest.get(subjectPath(subject) + "/versions"), "versions of " + subject, JsonNode::asInt);
    }

    @Override
    public List<String> getSubjects() {
        return items(rest.get("/subjects"), "subjects", JsonNode::asText);
    }

    /**
     * True when the registry says the schema may follow the latest version. A subject without
     * versions accepts anything: Confluent answers {@code is_compatible: true}, Apicurio 40402
     * and some others 40401, all read here as true.
     */
    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode response = rest.post("/compatibility" + subjectPath(subject) + "/versions/latest", schemaBody(schema.toString()));
            JsonNode answer = response.path("is_compatible");
            if (!answer.isBoolean()) {
                throw unexpected(response, "is_compatible", "compatibility check");
            }
            return answer.booleanValue();
        } catch (SchemaRegistryException.SubjectNotFound | SchemaRegistryException.VersionNotFound e) {
            return true;
        }
    }

    @Override
    public CompatibilityLevel getCompatibility(String subject) {
        JsonNode response = rest.get(configPath(subject));
        return levelFrom(response, "get config");
    }

    @Override
    public CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
        JsonNode response = rest.put(configPath(subject), body);
        return response.hasNonNull("compatibility") || response.hasNonNull("compatibilityLevel")
                ? levelFrom(response, "set config") : level;
    }

    @Override
    public void close() {
        // java.net.http.HttpClient (Java 17) has no close; its threads are daemons that end with their idle connections
    }

    private static String subjectPath(String subject) {
        return "/subjects/" + RegistryRestTransport.segment(subject);
    }

    private static String configPath(String subject) {
        return subject == null ? "/config" : "/config/" + RegistryRestTransport.segment(subject);
    }

    /** Confluent answers GET with "compatibilityLevel" and PUT with "compatibility"; accept either on both. */
    private static CompatibilityLevel levelFrom(JsonNode response, String what) {
        JsonNode level = response.hasNonNull("compatibilityLevel") ? response.get("compatibilityLevel")
                : response.get("compatibility");
        if (level == null || !level.isTextual()) {
            throw unexpected(response, "compatibilityLevel", what);
        }
        return CompatibilityLevel.parse(level.asText());
    }

    private RegisteredSchema registered(String subject, JsonNode response) {
        requireAvro(response, "subject " + subject);
        int id = requireInt(response, "id", "get version of " + subject);
        int version = requireInt(response, "version", "get version of " + subject);
        Schema schema = remember(id, requireText(response, "schema", "get version of " + subject), null);
        String answeredSubject = response.path("subject").isTextual() ? response.get("subject").asText() : subject;
        RegisteredSchema found = new RegisteredSchema(answeredSubject, id, version, schema);
        versions.putIfAbsent(new SubjectVersion(subject, version), found);
        return found;
    }

    /**
     * Records id -> schema, reusing one {@link Schema} instance per schema text so the serdes'
     * identity-keyed caches stay small.
     */
    private Schema remember(int id, String text, Schema known) {
        Schema schema = schemasByText.computeIfAbsent(text, t -> known != null ? known : parse(t, id));
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    /** Schemas written by others are read leniently (no default validation): the registry already accepted them. */
    private static Schema parse(String text, int id) {
        try {
            return new Schema.Parser().setValidateDefaults(false).parse(text);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException.InvalidSchema("Registry returned an unparsable schema for id " + id
                    + ": " + e.getMessage());
        }
    }

    private static ObjectNode schemaBody(String schemaText) {
        return JSON.createObjectNode().put("schema", schemaText);
    }

    /** Non-Avro schema types (PROTOBUF, JSON) are not readable by these serdes: say so instead of mis-parsing. */
    private static void requireAvro(JsonNode response, String what) {
        JsonNode type = response.path("schemaType");
        if (type.isTextual() && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw new SchemaRegistryException.InvalidSchema(what + " is of type " + type.asText() + ", not AVRO");
        }
    }

    private static int requireInt(JsonNode response, String field, String what) {
        JsonNode value = response.path(field);
        if (!value.canConvertToInt() || !value.isNumber()) {
            throw unexpected(response, field, what);
        }
        return value.asInt();
    }

    private static String requireText(JsonNode response, String field, String what) {
        JsonNode value = response.path(field);
        if (!value.isTextual()) {
            throw unexpected(response, field, what);
        }
        return value.asText();
    }

    /** The items of a JSON array answer, each read by {@code item}. */
    private static <T> List<T> items(JsonNode response, String what, Function<JsonNode, T> item) {
        if (!response.isArray()) {
            throw new SchemaRegistryException.UnexpectedResponse(200, "Registry answer to " + what + " is not a JSON array: "
                    + RegistryRestTransport.snippet(response.toString()));
        }
        List<T> out = new ArrayList<>();
        response.forEach(n -> out.add(item.apply(n)));
        return List.copyOf(out);
    }

    private static SchemaRegistryException unexpected(JsonNode response, String field, String what) {
        return new SchemaRegistryException.UnexpectedResponse(200, "Registry answer to " + what + " has no valid \""
                + field + "\": " + RegistryRestTransport.snippet(response.toString()));
    }

    /** Bounded, LRU, per-entry-TTL memory of "not found" answers. */
    static final class MissCache {
        /** What was asked for, and which "not found" answers to it are remembered. */
        enum Kind {
            ID(List.of(SchemaRegistryException.SchemaNotFound.class)),
            VERSION(List.of(SchemaRegistryException.SubjectNotFound.class, SchemaRegistryException.VersionNotFound.class)),
            SCHEMA(List.of(SchemaRegistryException.SubjectNotFound.class, SchemaRegistryException.SchemaNotFound.class));

            private final List<Class<? extends SchemaRegistryException>> misses;

            Kind(List<Class<? extends SchemaRegistryException>> misses) {
                this.misses = misses;
            }

            boolean isMiss(SchemaRegistryException answer) {
                return misses.stream().anyMatch(type -> type.isInstance(answer));
            }
        }

        record Key(Kind kind, String subject, Object detail) {}

        private record Miss(int code, String message, long expiresAtNanos) {}

        private final int maxSize;
        private final LongSupplier nanoClock;
        private final Map<Kind, Long> ttlNanos;
        private final LinkedHashMap<Key, Miss> entries;

        /** @param ttlNanos how long a miss of each kind is remembered (0: not at all) */
        MissCache(int maxSize, LongSupplier nanoClock, Map<Kind, Long> ttlNanos) {
            this.maxSize = maxSize;
            this.nanoClock = nanoClock;
            this.ttlNanos = Map.copyOf(ttlNanos);
            this.entries = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, Miss> eldest) {
                    return size() > MissCache.this.maxSize;
                }
            };
        }

        /**
         * What {@code call} answers for {@code key}, unless a miss for it is remembered and still fresh
         * (then that error again, without asking); a miss of the key's kind is remembered.
         */
        <T> T ask(Key key, Supplier<T> call) {
            throwIfRemembered(key);
            try {
                return call.get();
            } catch (SchemaRegistryException answer) {
                if (key.kind().isMiss(answer)) {
                    remember(key, answer);
                }
                throw answer;
            }
        }

        private synchronized void remember(Key key, SchemaRegistryException miss) {
            long ttl = ttlNanos.get(key.kind());
            if (ttl > 0 && maxSize > 0) {
                entries.put(key, new Miss(miss.errorCode(), miss.detail(), nanoClock.getAsLong() + ttl));
            }
        }

        /** Throws the remembered error again (a fresh exception of the same type) while it is fresh. */
        private synchronized void throwIfRemembered(Key key) {
            Miss miss = entries.get(key);
            if (miss == null) {
                return;
            }
            if (nanoClock.getAsLong() - miss.expiresAtNanos() >= 0) {
                entries.remove(key);
                return;
            }
            throw SchemaRegistryException.of(miss.code(), miss.message());
        }

        synchronized void forgetSubject(String subject) {
            entries.keySet().removeIf(k -> subject.equals(k.subject()));
        }
    }
}

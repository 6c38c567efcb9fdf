package io.gatewatch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.registry.server.EmbeddedSchemaRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP client against the embedded registry over real HTTP: every operation, every registry
 * error mapped to its type, and the caches proven by counting the requests the server saw.
 * Time-based caches run on a test clock.
 */
class CachedSchemaRegistryClientTest {
    private static final Schema V1 = parse("""
            {"type":"record","name":"Probe","namespace":"io.gatewatch.test","fields":[{"name":"a","type":"string"}]}""");
    private static final Schema V2 = parse("""
            {"type":"record","name":"Probe","namespace":"io.gatewatch.test","fields":[{"name":"a","type":"string"},
             {"name":"b","type":"int","default":1}]}""");
    private static final Schema V2_INCOMPATIBLE = parse("""
            {"type":"record","name":"Probe","namespace":"io.gatewatch.test","fields":[{"name":"a","type":"string"},
             {"name":"b","type":"int"}]}""");
    private static final String SUBJECT = "gatewatch.test.probe-value";

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private EmbeddedSchemaRegistry registry;
    private CachedSchemaRegistryClient client;
    private CachedSchemaRegistryClient otherClient;

    @BeforeEach
    void startRegistry() {
        registry = EmbeddedSchemaRegistry.inMemory();
        client = client(Map.of());
        otherClient = client(Map.of());
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldRegisterOnceAndAnswerARepeatFromTheCache() {
        int id = client.register(SUBJECT, V1);
        long calls = registry.requestCount();

        assertThat(client.register(SUBJECT, V1)).isEqualTo(id);
        assertThat(registry.requestCount()).isEqualTo(calls);
    }

    @Test
    void shouldLookUpOnceAndAnswerARepeatFromTheCache() {
        int id = otherClient.register(SUBJECT, V1);

        RegisteredSchema found = client.lookup(SUBJECT, V1);
        long calls = registry.requestCount();
        RegisteredSchema again = client.lookup(SUBJECT, V1);

        assertThat(found).isEqualTo(new RegisteredSchema(SUBJECT, id, 1, V1));
        assertThat(again).isEqualTo(found);
        assertThat(registry.requestCount()).isEqualTo(calls);
    }

    @Test
    void shouldFetchASchemaByIdOnceAndAnswerARepeatFromTheCache() {
        int id = otherClient.register(SUBJECT, V1);

        Schema fetched = client.getById(id);
        long calls = registry.requestCount();

        assertThat(fetched).isEqualTo(V1);
        assertThat(client.getById(id)).isSameAs(fetched);
        assertThat(registry.requestCount()).isEqualTo(calls);
    }

    @Test
    void shouldKnowTheSchemasItRegisteredByIdWithoutAsking() {
        int id = client.register(SUBJECT, V1);
        long calls = registry.requestCount();

        assertThat(client.getById(id)).isSameAs(V1);
        assertThat(registry.requestCount()).isEqualTo(calls);
    }

    @Test
    void shouldCacheAVersionForever() {
        otherClient.register(SUBJECT, V1);
        RegisteredSchema v1 = client.getVersion(SUBJECT, 1);
        long calls = registry.requestCount();
        advance(3_600);

        assertThat(client.getVersion(SUBJECT, 1)).isEqualTo(v1);
        assertThat(registry.requestCount()).isEqualTo(calls);
    }

    @Test
    void shouldCacheTheLatestVersionForItsTtl() {
        otherClient.register(SUBJECT, V1);
        client.getLatest(SUBJECT);
        otherClient.register(SUBJECT, V2);
        long calls = registry.requestCount();

        advance(59);
        assertThat(client.getLatest(SUBJECT).version()).isEqualTo(1);
        assertThat(registry.requestCount()).isEqualTo(calls);

        advance(2);
        assertThat(client.getLatest(SUBJECT).version()).isEqualTo(2);
        assertThat(registry.requestCount()).isEqualTo(calls + 1);
    }

    @Test
    void shouldForgetTheLatestVersionWhenItRegistersUnderTheSubject() {
        client.register(SUBJECT, V1);
        assertThat(client.getLatest(SUBJECT).version()).isEqualTo(1);

        client.register(SUBJECT, V2);

        assertThat(client.getLatest(SUBJECT).schema()).isEqualTo(V2);
    }

    @Test
    void shouldNotCacheTheLatestVersionWhenItsTtlIsZero() {
        CachedSchemaRegistryClient uncached = client(Map.of("latest.cache.ttl.sec", 0));
        otherClient.register(SUBJECT, V1);
        uncached.getLatest(SUBJECT);
        long calls = registry.requestCount();

        uncached.getLatest(SUBJECT);

        assertThat(registry.requestCount()).isEqualTo(calls + 1);
    }

    @Test
    void shouldRememberAnUnknownIdForItsShortTtl() {
        assertThatThrownBy(() -> client.getById(4242)).isInstanceOf(SchemaRegistryException.SchemaNotFound.class);
        long calls = registry.requestCount();

        assertThatThrownBy(() -> client.getById(4242)).isInstanceOf(SchemaRegistryException.SchemaNotFound.class);
        assertThat(registry.requestCount()).isEqualTo(calls);

        advance(6);
        assertThatThrownBy(() -> client.getById(4242)).isInstanceOf(SchemaRegistryException.SchemaNotFound.class);
        assertThat(registry.requestCount()).isEqualTo(calls + 1);
    }

    @Test
    void shouldRememberASchemaMissingFromASubjectUntilItRegistersThere() {
        assertThatThrownBy(() -> client.lookup(SUBJECT, V1)).isInstanceOf(SchemaRegistryException.SubjectNotFound.class);
        long calls = registry.requestCount();
        assertThatThrownBy(() -> client.lookup(SUBJECT, V1)).isInstanceOf(SchemaRegistryException.SubjectNotFound.class);
        assertThat(registry.requestCount()).isEqualTo(calls);

        int id = client.register(SUBJECT, V1);

        assertThat(client.lookup(SUBJECT, V1).id()).isEqualTo(id);
    }

    @Test
    void shouldRememberAMissingVersionForItsTtl() {
        otherClient.register(SUBJECT, V1);
        assertThatThrownBy(() -> client.getVersion(SUBJECT, 2)).isInstanceOf(SchemaRegistryException.VersionNotFound.class);
        otherClient.register(SUBJECT, V2);

        assertThatThrownBy(() -> client.getVersion(SUBJECT, 2)).isInstanceOf(SchemaRegistryException.VersionNotFound.class);
        advance(6);
        assertThat(client.getVersion(SUBJECT, 2).schema()).isEqualTo(V2);
    }

    @Test
    void shouldNotRememberMissesWhenTheirTtlIsZero() {
        CachedSchemaRegistryClient forgetful = client(Map.of("missing.id.cache.ttl.sec", 0));
        assertThatThrownBy(() -> forgetful.getById(77)).isInstanceOf(SchemaRegistryException.SchemaNotFound.class);
        long calls = registry.requestCount();

        assertThatThrownBy(() -> forgetful.getById(77)).isInstanceOf(SchemaRegistryException.SchemaNotFound.class);

        assertThat(registry.requestCount()).isEqualTo(calls + 1);
    }

    @Test
    void shouldListSubjectsAndVersions() {
        client.register(SUBJECT, V1);
        client.register(SUBJECT, V2);
        client.register("gatewatch.test.probe-key", Schema.create(Schema.Type.STRING));

        assertThat(client.getSubjects()).contains(SUBJECT, "gatewatch.test.probe-key");
        assertThat(client.getVersions(SUBJECT)).containsExactly(1, 2);
    }

    @Test
    void shouldAnswerCompatibilityChecks() {
        client.register(SUBJECT, V1);

        assertThat(client.isCompatible(SUBJECT, V2)).isTrue();
        assertThat(client.isCompatible(SUBJECT, V2_INCOMPATIBLE)).isFalse();
        assertThat(client.isCompatible("gatewatch.test.empty-value", V2_INCOMPATIBLE)).isTrue();
    }

    @Test
    void shouldReadAndSetCompatibilityLevels() {
        assertThat(client.getCompatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);

        assertThat(client.setCompatibility(SUBJECT, CompatibilityLevel.FULL_TRANSITIVE)).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(client.setCompatibility(null, CompatibilityLevel.FORWARD)).isEqualTo(CompatibilityLevel.FORWARD);

        assertThat(client.getCompatibility(SUBJECT)).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(client.getCompatibility(null)).isEqualTo(CompatibilityLevel.FORWARD);
    }

    @Test
    void shouldMapIncompatibleToItsType() {
        client.register(SUBJECT, V1);

        assertThatThrownBy(() -> client.register(SUBJECT, V2_INCOMPATIBLE))
                .isInstanceOfSatisfying(SchemaRegistryException.IncompatibleSchema.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(409));
    }

    @Test
    void shouldMapInvalidSchemaToItsType() {
        Schema badDefault = new Schema.Parser().setValidateDefaults(false).parse("""
                {"type":"record","name":"Bad","fields":[{"name":"n","type":"int","default":"x"}]}""");

        assertThatThrownBy(() -> client.register(SUBJECT, badDefault)).isInstanceOf(SchemaRegistryException.InvalidSchema.class);
    }

    @Test
    void shouldMapMissingSubjectVersionAndSchemaToTheirTypes() {
        client.register(SUBJECT, V1);

        assertThatThrownBy(() -> client.getVersions("gatewatch.test.none-value"))
                .isInstanceOf(SchemaRegistryException.SubjectNotFound.class);
        assertThatThrownBy(() -> client.getLatest("gatewatch.test.none-value"))
                .isInstanceOf(SchemaRegistryException.SubjectNotFound.class);
        assertThatThrownBy(() -> client.getVersion(SUBJECT, 7)).isInstanceOf(SchemaRegistryException.VersionNotFound.class);
        assertThatThrownBy(() -> client.lookup(SUBJECT, V2)).isInstanceOf(SchemaRegistryException.SchemaNotFound.class);
    }

    @Test
    void shouldMapInvalidVersionToItsType() {
        client.register(SUBJECT, V1);

        assertThatThrownBy(() -> client.getVersion(SUBJECT, 0)).isInstanceOf(SchemaRegistryException.InvalidVersion.class);
    }

    @Test
    void shouldMapASubjectWithoutItsOwnLevelToItsType() {
        assertThatThrownBy(() -> client.getCompatibility(SUBJECT))
                .isInstanceOf(SchemaRegistryException.CompatibilityNotConfigured.class);
    }

    private CachedSchemaRegistryClient client(Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(Map.of("schema.registry.url", registry.url()));
        config.putAll(settings);
        return new CachedSchemaRegistryClient(new RegistryClientConfig(config), clock::get, millis -> {});
    }

    private void advance(long seconds) {
        clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}

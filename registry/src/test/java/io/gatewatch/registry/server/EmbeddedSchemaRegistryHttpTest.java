package io.gatewatch.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.registry.server.RawHttp.Reply;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded registry over real HTTP (in-memory mode): Confluent's endpoints, status codes,
 * content type and {@code {"error_code","message"}} bodies. Each test uses its own subjects.
 */
class EmbeddedSchemaRegistryHttpTest {
    private static final Schema V1 = new Schema.Parser().parse("""
            {"type":"record","name":"Probe","namespace":"io.gatewatch.test","fields":[{"name":"a","type":"string"}]}""");
    private static final Schema V2 = new Schema.Parser().parse("""
            {"type":"record","name":"Probe","namespace":"io.gatewatch.test","fields":[{"name":"a","type":"string"},
             {"name":"b","type":"int","default":1}]}""");
    private static final Schema V2_INCOMPATIBLE = new Schema.Parser().parse("""
            {"type":"record","name":"Probe","namespace":"io.gatewatch.test","fields":[{"name":"a","type":"string"},
             {"name":"b","type":"int"}]}""");

    private static EmbeddedSchemaRegistry registry;
    private static RawHttp http;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.inMemory();
        http = new RawHttp(registry.url());
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldListenOnLoopbackWithAnEphemeralPort() {
        assertThat(registry.url()).startsWith("http://127.0.0.1:");
        assertThat(registry.port()).isPositive();
        assertThat(http.get("/").status()).isEqualTo(200);
    }

    @Test
    void shouldRegisterAndAnswerWithTheIdInConfluentContentType() {
        Reply reply = http.post("/subjects/reg-value/versions", RawHttp.schemaBody(V1));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(reply.body().get("id").isInt()).isTrue();
    }

    @Test
    void shouldReturnTheSameIdWhenTheSameSchemaIsRegisteredAgainOrUnderAnotherSubject() {
        int first = register("same-a-value", V1);

        int again = register("same-a-value", V1);
        int elsewhere = register("same-b-value", V1);

        assertThat(again).isEqualTo(first);
        assertThat(elsewhere).isEqualTo(first);
        assertThat(http.get("/subjects/same-a-value/versions").body()).hasSize(1);
    }

    @Test
    void shouldLookUpASchemaUnderItsSubject() {
        int id = register("look-value", V1);

        Reply reply = http.post("/subjects/look-value", RawHttp.schemaBody(V1));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("subject").asText()).isEqualTo("look-value");
        assertThat(reply.body().get("id").asInt()).isEqualTo(id);
        assertThat(reply.body().get("version").asInt()).isEqualTo(1);
        assertThat(new Schema.Parser().parse(reply.body().get("schema").asText())).isEqualTo(V1);
    }

    @Test
    void shouldAnswer40401ForALookupUnderAnUnknownSubject() {
        Reply reply = http.post("/subjects/nobody-value", RawHttp.schemaBody(V1));

        assertError(reply, 404, 40401);
        assertThat(reply.body().get("message").asText()).isNotBlank();
    }

    @Test
    void shouldAnswer40403ForALookupOfAnUnregisteredSchema() {
        register("miss-value", V1);

        Reply reply = http.post("/subjects/miss-value", RawHttp.schemaBody(V2));

        assertError(reply, 404, 40403);
    }

    @Test
    void shouldServeSchemasById() {
        int id = register("byid-value", V1);

        Reply reply = http.get("/schemas/ids/" + id);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(new Schema.Parser().parse(reply.body().get("schema").asText())).isEqualTo(V1);
    }

    @Test
    void shouldAnswer40403ForAnUnknownId() {
        Reply reply = http.get("/schemas/ids/987654");

        assertError(reply, 404, 40403);
    }

    @Test
    void shouldListTheSubjectsAndVersionsUsingAnId() {
        int id = register("usage-a-value", V1);
        register("usage-b-value", V1);

        Reply reply = http.get("/schemas/ids/" + id + "/versions");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().findValuesAsText("subject")).contains("usage-a-value", "usage-b-value");
        assertThat(http.get("/subjects").body().toString()).contains("\"usage-a-value\"", "\"usage-b-value\"");
    }

    @Test
    void shouldServeVersionsLatestAndOneVersion() {
        register("ver-value", V1);
        int v2 = register("ver-value", V2);

        assertThat(http.get("/subjects/ver-value/versions").body().toString()).isEqualTo("[1,2]");
        Reply latest = http.get("/subjects/ver-value/versions/latest");
        assertThat(latest.body().get("version").asInt()).isEqualTo(2);
        assertThat(latest.body().get("id").asInt()).isEqualTo(v2);
        assertThat(http.get("/subjects/ver-value/versions/1").body().get("version").asInt()).isEqualTo(1);
        assertThat(http.get("/subjects/ver-value/versions/-1").body().get("version").asInt()).isEqualTo(2);
        assertThat(http.get("/subjects/ver-value/versions/1/schema").body().get("name").asText()).isEqualTo("Probe");
    }

    @Test
    void shouldAnswer40402ForAMissingVersionAnd40401ForAMissingSubject() {
        register("gone-value", V1);

        assertThat(http.get("/subjects/gone-value/versions/9").errorCode()).isEqualTo(40402);
        assertThat(http.get("/subjects/never-value/versions").errorCode()).isEqualTo(40401);
        assertThat(http.get("/subjects/never-value/versions/latest").errorCode()).isEqualTo(40401);
    }

    @Test
    void shouldAnswer42202ForAnInvalidVersion() {
        register("badver-value", V1);

        Reply reply = http.get("/subjects/badver-value/versions/zero");

        assertError(reply, 422, 42202);
    }

    @Test
    void shouldAnswer42201ForAnInvalidSchema() {
        Reply reply = http.post("/subjects/bad-value/versions", "{\"schema\": \"{\\\"type\\\": \\\"recordz\\\"}\"}");

        assertError(reply, 422, 42201);
    }

    @Test
    void shouldAnswer42201ForAnInvalidDefault() {
        String schema = "{\"type\":\"record\",\"name\":\"D\",\"fields\":[{\"name\":\"n\",\"type\":\"int\",\"default\":\"x\"}]}";
        Reply reply = http.post("/subjects/baddefault-value/versions",
                "{\"schema\": " + new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(schema) + "}");

        assertThat(reply.errorCode()).isEqualTo(42201);
    }

    @Test
    void shouldAnswer42201ForNonAvroSchemaTypesAndReferences() {
        Reply protobuf = http.post("/subjects/proto-value/versions",
                "{\"schemaType\": \"PROTOBUF\", \"schema\": \"syntax = \\\"proto3\\\";\"}");
        Reply references = http.post("/subjects/refs-value/versions", "{\"schema\": \"\\\"string\\\"\", "
                + "\"references\": [{\"name\": \"x\", \"subject\": \"y\", \"version\": 1}]}");

        assertThat(protobuf.errorCode()).isEqualTo(42201);
        assertThat(references.errorCode()).isEqualTo(42201);
    }

    @Test
    void shouldRefuseAnIncompatibleSchemaWith409() {
        register("incompat-value", V1);

        Reply reply = http.post("/subjects/incompat-value/versions", RawHttp.schemaBody(V2_INCOMPATIBLE));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.errorCode()).isIn(409, 40901);
        assertThat(reply.body().get("message").asText()).contains("incompatible").contains("BACKWARD");
        assertThat(http.get("/subjects/incompat-value/versions").body()).hasSize(1);
    }

    @Test
    void shouldAnswerCompatibilityChecks() {
        register("check-value", V1);

        assertThat(http.post("/compatibility/subjects/check-value/versions/latest", RawHttp.schemaBody(V2))
                .body().get("is_compatible").asBoolean()).isTrue();
        assertThat(http.post("/compatibility/subjects/check-value/versions/latest", RawHttp.schemaBody(V2_INCOMPATIBLE))
                .body().get("is_compatible").asBoolean()).isFalse();
        assertThat(http.post("/compatibility/subjects/check-value/versions/1", RawHttp.schemaBody(V2_INCOMPATIBLE))
                .body().get("is_compatible").asBoolean()).isFalse();
        assertThat(http.post("/compatibility/subjects/check-value/versions/4", RawHttp.schemaBody(V2)).errorCode())
                .isEqualTo(40402);
    }

    @Test
    void shouldCallAnythingCompatibleWithASubjectThatDoesNotExistYet() {
        Reply reply = http.post("/compatibility/subjects/fresh-value/versions/latest", RawHttp.schemaBody(V1));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("is_compatible").asBoolean()).isTrue();
    }

    @Test
    void shouldSetAndReadSubjectLevelCompatibility() {
        Reply put = http.put("/config/cfg-value", "{\"compatibility\": \"FULL\"}");

        assertThat(put.body().get("compatibility").asText()).isEqualTo("FULL");
        assertThat(http.get("/config/cfg-value").body().get("compatibilityLevel").asText()).isEqualTo("FULL");
    }

    @Test
    void shouldAnswer40408ForASubjectWithoutItsOwnLevelUnlessAskedToDefaultToGlobal() {
        Reply own = http.get("/config/nolevel-value");
        Reply effective = http.get("/config/nolevel-value?defaultToGlobal=true");

        assertError(own, 404, 40408);
        assertThat(effective.body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    }

    @Test
    void shouldAnswer42203ForAnInvalidLevel() {
        Reply reply = http.put("/config/lvl-value", "{\"compatibility\": \"SOMETIMES\"}");

        assertError(reply, 422, 42203);
    }

    @Test
    void shouldEnforceAGlobalLevelSetThroughConfig() {
        try (EmbeddedSchemaRegistry own = EmbeddedSchemaRegistry.inMemory()) {
            RawHttp ownHttp = new RawHttp(own.url());
            assertThat(ownHttp.get("/config").body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
            ownHttp.post("/subjects/g-value/versions", RawHttp.schemaBody(V1));

            ownHttp.put("/config", "{\"compatibility\": \"NONE\"}");

            assertThat(ownHttp.get("/config").body().get("compatibilityLevel").asText()).isEqualTo("NONE");
            assertThat(ownHttp.post("/subjects/g-value/versions", RawHttp.schemaBody(V2_INCOMPATIBLE)).status()).isEqualTo(200);
        }
    }

    @Test
    void shouldStartWithAConfiguredDefaultLevel() {
        try (EmbeddedSchemaRegistry own = EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.onAnyFreePort(Map.of("schema.compatibility.level", "FULL")))) {
            assertThat(new RawHttp(own.url()).get("/config").body().get("compatibilityLevel").asText()).isEqualTo("FULL");
        }
    }

    @Test
    void shouldKeepEncodedSlashesInsideSubjectNames() {
        Reply reply = http.post("/subjects/odd%2Fname-value/versions", RawHttp.schemaBody(V1));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(http.get("/subjects").body().toString()).contains("\"odd/name-value\"");
    }

    @Test
    void shouldAnswer404And405InConfluentShapeForUnknownPathsAndMethods() {
        Reply unknown = http.get("/nowhere");
        Reply wrongMethod = http.delete("/subjects");

        assertError(unknown, 404, 404);
        assertError(wrongMethod, 405, 405);
    }

    @Test
    void shouldAnswer400ForMalformedJson() {
        Reply reply = http.post("/subjects/json-value/versions", "{not json");

        assertError(reply, 400, 400);
    }

    @Test
    void shouldGiveConcurrentRegistrationsOfOneSchemaOneIdAndOneVersion() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                ids.add(pool.submit(() -> register("race-value", V1)));
            }
            java.util.Set<Integer> distinct = new java.util.HashSet<>();
            for (java.util.concurrent.Future<Integer> id : ids) {
                distinct.add(id.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }

            assertThat(distinct).hasSize(1);
            assertThat(http.get("/subjects/race-value/versions").body().toString()).isEqualTo("[1]");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldCountEveryRequestItServes() {
        long before = registry.requestCount();

        http.get("/subjects");
        http.get("/nowhere");

        assertThat(registry.requestCount() - before).isEqualTo(2);
    }

    /** Registers {@code schema} under {@code subject}; the id the registry answered with. */
    private static int register(String subject, Schema schema) {
        return http.post("/subjects/" + subject + "/versions", RawHttp.schemaBody(schema)).body().get("id").asInt();
    }

    /** A registry error answer: the HTTP status, and the Confluent error code in the body. */
    private static void assertError(Reply reply, int status, int errorCode) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.errorCode()).isEqualTo(errorCode);
    }
}

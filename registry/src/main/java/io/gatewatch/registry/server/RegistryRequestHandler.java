package io.gatewatch.registry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewatch.registry.CompatibilityLevel;
import io.gatewatch.registry.RegisteredSchema;
import io.gatewatch.registry.RegistryState;
import io.gatewatch.registry.SchemaRegistryException;
import io.gatewatch.http.HttpServerSettings;
import io.gatewatch.http.RequestBodies;
import io.gatewatch.http.Responses;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.avro.Schema;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent REST API subset of {@link EmbeddedSchemaRegistry}, over a {@link RegistryState}.
 *
 * <p>Answers with Confluent's status codes and {@code {"error_code","message"}} bodies (see
 * {@code registry/README.md} for the endpoint list); 401 with a {@code WWW-Authenticate} challenge
 * when authentication is on and the request's credentials are missing or wrong. Only AVRO schemas
 * without references are accepted. A request body is limited to {@code http.max.request.bytes} and
 * must arrive within {@code http.read.timeout.ms}; no thread waits for it meanwhile. Requests with a
 * body are answered on a server thread once it has arrived (a registration may wait for Kafka).
 */
final class RegistryRequestHandler extends Handler.Abstract {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(RegistryRequestHandler.class);

    private final RegistryState state;
    private final RegistryState.Persister persister;
    private final RegistryAuthenticator authenticator;
    private final HttpServerSettings server;
    private final LongAdder requests = new LongAdder();

    /** A JSON answer. */
    private record Answer(int status, JsonNode body) {}

    /** A request the routes refuse before touching the state (bad JSON, unknown path). */
    private static final class HttpError extends RuntimeException {
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    RegistryRequestHandler(RegistryState state, RegistryState.Persister persister, RegistryAuthenticator authenticator,
                           HttpServerSettings server) {
        this.state = state;
        this.persister = persister;
        this.authenticator = authenticator;
        this.server = server;
    }

    long requestCount() {
        return requests.sum();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        requests.increment();
        String method = request.getMethod();
        if (authenticator.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION)).isEmpty()) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, authenticator.challenge());
            send(response, callback, error(401, 401, "Unauthorized"));
            return true;
        }
        if (!method.equals("POST") && !method.equals("PUT")) {
            send(response, callback, answer(request, new byte[0]));
            return true;
        }
        RequestBodies.read(request, server.maxRequestBytes(), server.readTimeoutMs()).whenComplete((body, failure) ->
                request.getComponents().getExecutor().execute(() -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    if (cause instanceof RequestBodies.BodyException refused) {
                        send(response, callback, error(refused.status(), refused.status(), refused.status() == 413
                                ? "Request body larger than " + server.maxRequestBytes() + " bytes" : refused.getMessage()));
                    } else if (cause != null) {
                        LOG.warn("Schema registry could not read the body of {} {}", method, request.getHttpURI().getPath(), cause);
                        send(response, callback, error(500, 500, "Internal Server Error: " + cause.getClass().getSimpleName()));
                    } else {
                        send(response, callback, answer(request, body));
                    }
                }));
        return true;
    }

    /** The answer to one request whose body (empty without one) has arrived. */
    private Answer answer(Request request, byte[] body) {
        String rawPath = request.getHttpURI().getPath();
        try {
            return route(request.getMethod(), segments(rawPath), request.getHttpURI().getQuery(), body);
        } catch (SchemaRegistryException e) {
            return error(e.httpStatus(), e.errorCode(), e.detail());
        } catch (HttpError e) {
            return error(e.status, e.status, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Schema registry failed on {} {}", request.getMethod(), rawPath, e);
            return error(500, 500, "Internal Server Error: " + e.getClass().getSimpleName());
        }
    }

    private static void send(Response response, Callback callback, Answer answer) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(answer.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
        Responses.send(response, callback, answer.status(), CONTENT_TYPE, bytes);
    }

    private Answer route(String method, List<String> path, String query, byte[] body) throws IOException {
        int n = path.size();
        String root = n == 0 ? "" : path.get(0);
        switch (root) {
            case "" -> {
                return only(method, "GET", () -> JSON.createObjectNode());
            }
            case "subjects" -> {
                if (n == 1) {
                    return only(method, "GET", () -> strings(state.subjects()));
                }
                String subject = path.get(1);
                if (n == 2) {
                    return only(method, "POST", () -> lookup(subject, readSchema(body)));
                }
                if (n == 3 && path.get(2).equals("versions")) {
                    if (method.equals("POST")) {
                        return ok(register(subject, readSchema(body)));
                    }
                    return only(method, "GET", () -> ints(state.versions(subject)));
                }
                if (n == 4 && path.get(2).equals("versions")) {
                    return only(method, "GET", () -> registered(version(subject, path.get(3))));
                }
                if (n == 5 && path.get(2).equals("versions") && path.get(4).equals("schema")) {
                    return only(method, "GET", () -> JSON.readTree(version(subject, path.get(3)).schema().toString()));
                }
            }
            case "schemas" -> {
                if (n >= 3 && path.get(1).equals("ids")) {
                    int id = schemaId(path.get(2));
                    if (n == 3) {
                        return only(method, "GET", () -> JSON.createObjectNode().put("schema", state.byId(id).toString()));
                    }
                    if (n == 4 && path.get(3).equals("versions")) {
                        return only(method, "GET", () -> usages(id));
                    }
                }
            }
            case "compatibility" -> {
                if (n == 5 && path.get(1).equals("subjects") && path.get(3).equals("versions")) {
                    return only(method, "POST", () -> compatibility(path.get(2), path.get(4), readSchema(body)));
                }
            }
            case "config" -> {
                if (n <= 2) {
                    String subject = n == 2 ? path.get(1) : null;
                    if (method.equals("PUT")) {
                        return ok(setLevel(subject, body));
                    }
                    return only(method, "GET", () -> getLevel(subject, query));
                }
            }
            default -> {
                // falls through to 404
            }
        }
        throw new HttpError(404, "HTTP 404 Not Found");
    }

    @FunctionalInterface
    private interface Body {
        JsonNode get() throws IOException;
    }

    private static Answer only(String method, String allowed, Body body) throws IOException {
        if (!method.equals(allowed)) {
            throw new HttpError(405, "HTTP 405 Method Not Allowed");
        }
        return ok(body.get());
    }

    private static Answer ok(JsonNode body) {
        return new Answer(200, body);
    }

    private JsonNode register(String subject, Schema schema) {
        RegisteredSchema registered = state.register(subject, schema, persister);
        return JSON.createObjectNode().put("id", registered.id());
    }

    private JsonNode lookup(String subject, Schema schema) {
        return registered(state.lookup(subject, schema));
    }

    private RegisteredSchema version(String subject, String version) {
        if (version.equals("latest") || version.equals("-1")) {
            return state.latest(subject);
        }
        return state.version(subject, versionNumber(version));
    }

    private JsonNode compatibility(String subject, String version, Schema schema) {
        boolean compatible;
        if (version.equals("latest") || version.equals("-1")) {
            compatible = state.compatible(subject, schema);
        } else {
            RegisteredSchema against = state.version(subject, versionNumber(version));
            compatible = state.effectiveLevel(subject).allows(schema, List.of(against.schema()));
        }
        return JSON.createObjectNode().put("is_compatible", compatible);
    }

    private JsonNode getLevel(String subject, String query) {
        boolean defaultToGlobal = query != null && Set.of(query.split("&")).contains("defaultToGlobal=true");
        CompatibilityLevel level = subject != null && defaultToGlobal ? state.effectiveLevel(subject) : state.level(subject);
        return JSON.createObjectNode().put("compatibilityLevel", level.name());
    }

    private JsonNode setLevel(String subject, byte[] bytes) {
        JsonNode body = readJson(bytes);
        JsonNode level = body.get("compatibility");
        if (level == null || !level.isTextual()) {
            throw new SchemaRegistryException.InvalidCompatibilityLevel("Invalid compatibility level: " + level);
        }
        CompatibilityLevel parsed = CompatibilityLevel.parse(level.asText());
        state.setLevel(subject, parsed, persister);
        return JSON.createObjectNode().put("compatibility", parsed.name());
    }

    private JsonNode usages(int id) {
        state.byId(id);
        ArrayNode out = JSON.createArrayNode();
        state.usagesOf(id).forEach(r -> out.addObject().put("subject", r.subject()).put("version", r.version()));
        return out;
    }

    private static ObjectNode registered(RegisteredSchema r) {
        return JSON.createObjectNode().put("subject", r.subject()).put("version", r.version()).put("id", r.id())
                .put("schema", r.schema().toString());
    }

    /** The schema of a register/lookup/compatibility request: AVRO only, no references. */
    private static Schema readSchema(byte[] bytes) {
        JsonNode body = readJson(bytes);
        JsonNode type = body.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equals(type.asText())) {
            throw new SchemaRegistryException.InvalidSchema("Unsupported schema type " + type.asText()
                    + ": this registry stores AVRO schemas only");
        }
        JsonNode references = body.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw new SchemaRegistryException.InvalidSchema("Schema references are not supported by this registry");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual() || schema.asText().isBlank()) {
            throw new SchemaRegistryException.InvalidSchema("Empty schema");
        }
        return RegistryState.parse(schema.asText());
    }

    private static JsonNode readJson(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new HttpError(400, "Request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "Malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int versionNumber(String text) {
        try {
            int version = Integer.parseInt(text);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SchemaRegistryException.InvalidVersion("The specified version '" + text + "' is not a valid version id. "
                + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    private static int schemaId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new HttpError(404, "HTTP 404 Not Found");
        }
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode out = JSON.createArrayNode();
        values.forEach(out::add);
        return out;
    }

    private static ArrayNode ints(List<Integer> values) {
        ArrayNode out = JSON.createArrayNode();
        values.forEach(out::add);
        return out;
    }

    private static Answer error(int status, int code, String message) {
        return new Answer(status, JSON.createObjectNode().put("error_code", code).put("message", message));
    }

    /** Path segments, percent-decoded one by one so an encoded '/' stays inside a subject name. */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String part : rawPath.split("/")) {
            if (!part.isEmpty()) {
                try {
                    out.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new HttpError(400, "Malformed path segment: " + e.getMessage());
                }
            }
        }
        return out;
    }
}

package io.gatewatch.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of {@link CachedSchemaRegistryClient}: sends one REST call to the first registry
 * URL that answers, and turns the answer into JSON or a typed {@link SchemaRegistryException}.
 *
 * <p>Guarantees: only connection errors (including timeouts) and HTTP 408, 429 and 5xx are
 * retried; every other answer, success or error, is final. One round tries every URL once,
 * starting with the one that last answered (sticky failover); between rounds it backs off
 * exponentially ({@code retries.wait.ms} doubling, capped at {@code retries.max.wait.ms}), for
 * at most {@code 1 + max.retries} rounds, so a call makes at most {@code urls * (1 + max.retries)}
 * HTTP requests. Error bodies that are not Confluent JSON (a proxy's HTML page) become
 * {@link SchemaRegistryException.UnexpectedResponse} with the HTTP status and the start of the body.
 * Credentials never appear in messages or logs. Thread-safe.
 */
final class RegistryRestTransport {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, "
            + "application/json; qs=0.5";
    private static final int SNIPPET_CHARS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(RegistryRestTransport.class);

    /** Waits between retry rounds; replaced in tests to observe the back-off without waiting. */
    @FunctionalInterface
    interface Sleeper {
        Sleeper THREAD = Thread::sleep;

        void sleep(long millis) throws InterruptedException;
    }

    /** One registry base URL (without credentials) and the Authorization header to send it, if any. */
    private record Endpoint(String baseUrl, String authorization) {}

    private final List<Endpoint> endpoints;
    private final HttpClient http;
    private final Duration readTimeout;
    private final int maxRetries;
    private final long retriesWaitMs;
    private final long retriesMaxWaitMs;
    private final Sleeper sleeper;
    private final ObjectMapper json;
    private final AtomicInteger preferred = new AtomicInteger();

    RegistryRestTransport(RegistryClientConfig config, Sleeper sleeper, ObjectMapper json) {
        this.endpoints = endpoints(config);
        this.readTimeout = config.readTimeout();
        this.maxRetries = config.maxRetries();
        this.retriesWaitMs = config.retriesWaitMs();
        this.retriesMaxWaitMs = config.retriesMaxWaitMs();
        this.sleeper = sleeper;
        this.json = json;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        if (endpoints.stream().anyMatch(e -> e.baseUrl().startsWith("https:"))) {
            builder.sslContext(TlsContexts.from(config));
        }
        this.http = builder.build();
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    JsonNode put(String path, JsonNode body) {
        return send("PUT", path, body);
    }

    /** Percent-encodes one path segment (a subject name may hold any character). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Back-off before retry round {@code round} (1-based): initial * 2^(round-1), capped. */
    static long backoffMs(int round, long initialMs, long maxMs) {
        if (round <= 0 || initialMs <= 0) {
            return 0;
        }
        int shift = Math.min(round - 1, 62);
        long limit = Long.MAX_VALUE >> shift;
        long wait = initialMs > limit ? Long.MAX_VALUE : initialMs << shift;
        return Math.min(maxMs, wait);
    }

    static boolean isRetriable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private JsonNode send(String method, String path, JsonNode body) {
        String payload = body == null ? null : body.toString();
        int status = 0;
        String responseBody = null;
        String failedUrl = null;
        IOException ioFailure = null;
        int attempts = 0;
        for (int round = 0; round <= maxRetries; round++) {
            if (round > 0) {
                pause(backoffMs(round, retriesWaitMs, retriesMaxWaitMs), method, path);
            }
            int start = preferred.get();
            for (int i = 0; i < endpoints.size(); i++) {
                int index = (start + i) % endpoints.size();
                Endpoint endpoint = endpoints.get(index);
                attempts++;
                try {
                    HttpResponse<String> response = http.send(request(endpoint, method, path, payload),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    if (isRetriable(response.statusCode())) {
                        status = response.statusCode();
                        responseBody = response.body();
                        failedUrl = endpoint.baseUrl();
                        ioFailure = null;
                        LOG.debug("Registry {} {}{} answered {}, trying the next URL or round", method,
                                endpoint.baseUrl(), path, status);
                        continue;
                    }
                    preferred.set(index);
                    return read(response, endpoint);
                } catch (IOException e) {
                    ioFailure = e;
                    failedUrl = endpoint.baseUrl();
                    LOG.debug("Registry {} {}{} failed: {}", method, endpoint.baseUrl(), path, e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryException.Unreachable("Interrupted calling the registry: " + method + " " + path, e);
                }
            }
        }
        if (ioFailure != null) {
            throw new SchemaRegistryException.Unreachable("No answer from the schema registry (" + urls() + ") to "
                    + method + " " + path + " after " + attempts + " attempts; last from " + failedUrl + ": " + ioFailure,
                    ioFailure);
        }
        SchemaRegistryException error = errorFrom(status, responseBody, failedUrl);
        LOG.debug("Registry {} {} gave up after {} attempts: {}", method, path, attempts, error.getMessage());
        throw error;
    }

    private void pause(long millis, String method, String path) {
        if (millis <= 0) {
            return;
        }
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException.Unreachable("Interrupted retrying " + method + " " + path, e);
        }
    }

    private HttpRequest request(Endpoint endpoint, String method, String path, String payload) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + path))
                .timeout(readTimeout)
                .header("Accept", ACCEPT)
                .method(method, payload == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
        if (payload != null) {
            builder.header("Content-Type", CONTENT_TYPE);
        }
        if (endpoint.authorization() != null) {
            builder.header("Authorization", endpoint.authorization());
        }
        return builder.build();
    }

    private JsonNode read(HttpResponse<String> response, Endpoint endpoint) {
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw errorFrom(status, response.body(), endpoint.baseUrl());
        }
        try {
            JsonNode node = json.readTree(response.body());
            if (node == null || node.isMissingNode()) {
                throw new JsonProcessingException("empty body") {};
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException.UnexpectedResponse(status, "HTTP " + status + " from " + endpoint.baseUrl()
                    + " is not JSON: " + snippet(response.body()));
        }
    }

    /** Confluent's {@code {"error_code","message"}} body as a typed error, else the HTTP status and a snippet. */
    SchemaRegistryException errorFrom(int status, String body, String url) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : json.readTree(body);
            if (node != null && node.isObject() && node.path("error_code").canConvertToInt()) {
                return SchemaRegistryException.of(node.get("error_code").asInt(), node.path("message").asText(""));
            }
        } catch (JsonProcessingException e) {
            // not JSON: a proxy or load balancer answered; fall through to the status
        }
        if (status == 409) {
            return new SchemaRegistryException.IncompatibleSchema(409, "HTTP 409 from " + url + ": " + snippet(body));
        }
        return new SchemaRegistryException.UnexpectedResponse(status,
                "HTTP " + status + " from " + url + " without a registry error body: " + snippet(body));
    }

    static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String flat = body.replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
        return flat.length() <= SNIPPET_CHARS ? flat : flat.substring(0, SNIPPET_CHARS) + "...";
    }

    private String urls() {
        return String.join(", ", endpoints.stream().map(Endpoint::baseUrl).toList());
    }

    private static List<Endpoint> endpoints(RegistryClientConfig config) {
        String configured = config.credentialsSource() == RegistryClientConfig.CredentialsSource.USER_INFO
                ? basic(config.userInfo()) : null;
        List<Endpoint> out = new ArrayList<>();
        for (String url : config.urls()) {
            URI uri = URI.create(url);
            String authorization = configured;
            String base = url;
            if (uri.getRawUserInfo() != null) {
                // never send or print credentials embedded in the URL except as the header they are meant for
                if (authorization == null) {
                    authorization = basic(uri.getUserInfo());
                }
                base = url.replace(uri.getRawUserInfo() + "@", "");
            }
            while (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            out.add(new Endpoint(base, authorization));
        }
        return List.copyOf(out);
    }

    private static String basic(String userInfo) {
        return userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }
}

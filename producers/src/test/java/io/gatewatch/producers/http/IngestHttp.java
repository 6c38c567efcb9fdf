package io.gatewatch.producers.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewatch.producers.json.ScanPayloads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A real HTTP client (java.net.http) speaking to the ingest, plus the server settings the tests share. */
final class IngestHttp {
    static final String APP_TOKEN = "app-token-0123456789abcdef";
    static final String CLINIC_TOKEN = "clinic-token-0123456789abcdef";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    IngestHttp(URI base) {
        this.base = base;
    }

    /**
     * A phone-app self-scan made now: the edge runs the screening's clock checks, and the shared
     * test payloads carry a fixed 2024 time.
     */
    static ScanPayloads aSelfScan() {
        return ScanPayloads.aSelfScan().with("scannedAt", System.currentTimeMillis());
    }

    static Map<String, Object> serverConfig(String bootstrapServers, String registryUrl) {
        Map<String, Object> props = new HashMap<>();
        props.put(HttpIngestConfig.HOST, "127.0.0.1");
        props.put(HttpIngestConfig.PORT, 0);
        props.put(HttpIngestConfig.CLIENTS, "app,clinic-7");
        props.put("http.client.app.token", APP_TOKEN);
        props.put("http.client.app.sources", "PHONE_APP,GATE_DEVICE");
        props.put("http.client.clinic-7.token", CLINIC_TOKEN);
        props.put("http.client.clinic-7.sources", "CLINIC,PHARMACY");
        props.put(HttpIngestConfig.READINESS_PROBE_INTERVAL_MS, 300L);
        props.put("bootstrap.servers", bootstrapServers);
        props.put("schema.registry.url", registryUrl);
        props.put("pseudonym.secret", new String(ScanPayloads.SECRET, StandardCharsets.UTF_8));
        props.put("kafka.producer.linger.ms", 0);
        return props;
    }

    HttpResponse<String> post(String path, String token, String body) {
        return send(request(path, token, body));
    }

    CompletableFuture<HttpResponse<String>> postAsync(String path, String token, String body) {
        return client.sendAsync(request(path, token, body), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).GET().build());
    }

    /** Posts {@code body} declared as {@code contentType} (the other posts declare application/json). */
    HttpResponse<String> post(String path, String token, String contentType, String body) {
        return send(request(path, token, contentType, body));
    }

    HttpRequest request(String path, String token, String body) {
        return request(path, token, "application/json", body);
    }

    private HttpRequest request(String path, String token, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

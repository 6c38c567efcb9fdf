package io.gatewatch.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.avro.Schema;

/** Plain HTTP calls for asserting exactly what a registry answers (status, content type, JSON body). */
final class RawHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, String contentType, JsonNode body, String challenge) {
        int errorCode() {
            return body.path("error_code").asInt(-1);
        }
    }

    private final String baseUrl;
    private final String authorization;
    private final HttpClient client;

    RawHttp(String baseUrl) {
        this(baseUrl, null, CLIENT);
    }

    private RawHttp(String baseUrl, String authorization, HttpClient client) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
        this.client = client;
    }

    /** The same calls, sending {@code Authorization: <authorization>}. */
    RawHttp authorizedAs(String authorizationHeader) {
        return new RawHttp(baseUrl, authorizationHeader, client);
    }

    /** The same calls over TLS with {@code context}. */
    RawHttp over(javax.net.ssl.SSLContext context) {
        return new RawHttp(baseUrl, authorization, HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build());
    }

    Reply get(String path) {
        return send("GET", path, null);
    }

    Reply post(String path, String body) {
        return send("POST", path, body);
    }

    Reply put(String path, String body) {
        return send("PUT", path, body);
    }

    Reply delete(String path) {
        return send("DELETE", path, null);
    }

    /** {@code {"schema": "<schema json>"}}. */
    static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    Reply send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/vnd.schemaregistry.v1+json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    JSON.readTree(response.body()), response.headers().firstValue("WWW-Authenticate").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

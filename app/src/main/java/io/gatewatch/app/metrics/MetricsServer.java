package io.gatewatch.app.metrics;

import io.gatewatch.http.HttpEndpoint;
import io.gatewatch.http.HttpServerSettings;
import io.gatewatch.http.Responses;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint of one process, on the shared {@link HttpEndpoint} (Jetty; {@code metrics.*}
 * server settings, TLS included), serving metrics and health only:
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus exposition (text 0.0.4, or OpenMetrics when the
 *       scraper asks for it in {@code Accept});</li>
 *   <li>{@code GET /health}: 200 while the process is live, else 503; body lists the checks;</li>
 *   <li>{@code GET /ready}: 200 while every component is ready, else 503.</li>
 * </ul>
 * Bodies carry only check names and states, never configuration or data: reports, which hold
 * health data, have their own port and credentials.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    /** Settings of a plain loopback endpoint, for tests and embedding: 4 threads, 64 connections. */
    private static final String PREFIX = "metrics.";

    private final HttpEndpoint endpoint;

    private MetricsServer(HttpEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** A plain-HTTP endpoint on {@code host:port} with default limits. */
    public static MetricsServer start(String host, int port, PrometheusMeterRegistry registry, Health health) {
        return start(new HttpServerSettings(PREFIX, host, port, 4, 64, 1_024, 10_000, 30_000, 30_000, null), registry, health);
    }

    /**
     * Binds (port 0 = a free one) and starts serving. A taken port fails with a
     * {@link org.apache.kafka.common.config.ConfigException} naming {@code metrics.port}.
     */
    public static MetricsServer start(HttpServerSettings settings, PrometheusMeterRegistry registry, Health health) {
        MetricsServer metrics = new MetricsServer(HttpEndpoint.start("Metrics endpoint", settings, new Routes(registry, health)));
        LOG.info("Metrics endpoint listening on {}", metrics.url());
        return metrics;
    }

    private record Answer(int status, String contentType, String body) {}

    private static final class Routes extends Handler.Abstract {
        private final PrometheusMeterRegistry registry;
        private final Health health;

        Routes(PrometheusMeterRegistry registry, Health health) {
            this.registry = registry;
            this.health = health;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String method = request.getMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                response.getHeaders().put("Allow", "GET, HEAD");
                Responses.sendEmpty(response, callback, 405, null, 0);
                return true;
            }
            Answer answer;
            try {
                answer = switch (Request.getPathInContext(request)) {
                    case "/metrics" -> {
                        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
                        String contentType = accept != null && accept.contains("application/openmetrics-text")
                                ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                                : "text/plain; version=0.0.4; charset=utf-8";
                        yield new Answer(200, contentType, registry.scrape(contentType));
                    }
                    case "/health" -> checks(health.isLive(), health.live());
                    case "/ready" -> checks(health.isReady(), health.ready());
                    default -> new Answer(404, Responses.TEXT, "metrics at /metrics, health at /health and /ready\n");
                };
            } catch (RuntimeException e) {
                LOG.warn("Metrics endpoint failed to answer {}: {}", Request.getPathInContext(request), e.toString());
                answer = new Answer(500, Responses.TEXT, "internal error\n");
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            if ("HEAD".equals(method)) {
                Responses.sendEmpty(response, callback, answer.status(), answer.contentType(), body.length);
            } else {
                Responses.send(response, callback, answer.status(), answer.contentType(), body);
            }
            return true;
        }
    }

    private static Answer checks(boolean ok, Map<String, Boolean> checks) {
        String body = (ok ? "UP" : "DOWN") + "\n" + checks.entrySet().stream()
                .map(e -> e.getKey() + ": " + (e.getValue() ? "UP" : "DOWN"))
                .collect(Collectors.joining("\n"));
        return new Answer(ok ? 200 : 503, Responses.TEXT, body + "\n");
    }

    public int port() {
        return endpoint.port();
    }

    /** Base URL to print and call (https with TLS; a wildcard host shown as 127.0.0.1). */
    public String url() {
        return endpoint.uri().toString();
    }

    @Override
    public void close() {
        endpoint.close();
    }
}

package io.gatewatch.app.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint of one process (JDK {@code HttpServer}, one small thread pool):
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus exposition (text 0.0.4, or OpenMetrics when the
 *       scraper asks for it in {@code Accept});</li>
 *   <li>{@code GET /health}: 200 while the process is live, else 503; body lists the checks;</li>
 *   <li>{@code GET /ready}: 200 while every component is ready, else 503.</li>
 * </ul>
 * Bodies carry only check names and states, never configuration or data.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final String host;

    private MetricsServer(HttpServer server, ExecutorService executor, String host) {
        this.server = server;
        this.executor = executor;
        this.host = host;
    }

    /**
     * Binds {@code host:port} (port 0 = a free one) and starts serving. A taken port fails with a
     * {@link ConfigException} naming {@code metrics.port}.
     */
    public static MetricsServer start(String host, int port, PrometheusMeterRegistry registry, Health health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (BindException e) {
            throw new ConfigException("metrics.port", port, "cannot bind " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another port, or 0 for a free one");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the metrics endpoint on " + host + ":" + port, e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "gatewatch-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> handle(exchange, () -> {
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            String contentType = accept != null && accept.contains("application/openmetrics-text")
                    ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                    : "text/plain; version=0.0.4; charset=utf-8";
            return new Response(200, contentType, registry.scrape(contentType));
        }));
        server.createContext("/health", exchange -> handle(exchange, () -> checks(health.isLive(), health.live())));
        server.createContext("/ready", exchange -> handle(exchange, () -> checks(health.isReady(), health.ready())));
        server.start();
        MetricsServer metrics = new MetricsServer(server, executor, host);
        LOG.info("Metrics endpoint listening on {}", metrics.url());
        return metrics;
    }

    private record Response(int status, String contentType, String body) {}

    private interface ResponseSupplier {
        Response get();
    }

    private static Response checks(boolean ok, Map<String, Boolean> checks) {
        String body = (ok ? "UP" : "DOWN") + "\n" + checks.entrySet().stream()
                .map(e -> e.getKey() + ": " + (e.getValue() ? "UP" : "DOWN"))
                .collect(Collectors.joining("\n"));
        return new Response(ok ? 200 : 503, TEXT, body + "\n");
    }

    private static void handle(HttpExchange exchange, ResponseSupplier supplier) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Response response;
            try {
                response = supplier.get();
            } catch (RuntimeException e) {
                LOG.warn("Metrics endpoint failed to answer {}: {}", exchange.getRequestURI().getPath(), e.toString());
                response = new Response(500, TEXT, "internal error\n");
            }
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /**
     * Serves {@code handler} under {@code path} on this endpoint too (the demo's daily reports),
     * so a single-JVM stack needs one port for its HTTP read side.
     */
    public void addContext(String path, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, handler);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Base URL to print: the bound port, with 0.0.0.0 shown as localhost so it can be clicked. */
    public String url() {
        String shown = "0.0.0.0".equals(host) || "::".equals(host) ? "localhost" : host;
        return "http://" + shown + ":" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

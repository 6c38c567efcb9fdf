package io.gatewatch.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.config.ConfigException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running GateWatch HTTP server: Jetty 12 configured from {@link HttpServerSettings}, the one
 * way every endpoint (ingest, reports, registry, metrics) starts its server.
 *
 * <p>What the settings buy: slow or half-open clients hold no thread (Jetty parses asynchronously;
 * a handler runs only once a request's headers are complete), a connection that has not sent its
 * next request's headers (the first, or the next on a kept-alive connection) within
 * {@code header.timeout.ms} is closed, idle connections close after
 * {@code idle.timeout.ms}, at most {@code max.connections} are open, and TLS (with optional client
 * certificates) when a key store is configured. Errors Jetty answers itself (a malformed request
 * line or header) get a small JSON body naming the status, never a stack trace or the request.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);

    private final String name;
    private final Server server;
    private final ServerConnector connector;
    private final HttpServerSettings settings;

    private HttpEndpoint(String name, Server server, ServerConnector connector, HttpServerSettings settings) {
        this.name = name;
        this.server = server;
        this.connector = connector;
        this.settings = settings;
    }

    /**
     * Binds and starts {@code handler} under {@code settings}; {@code name} names its threads and log
     * lines. A taken port fails with a {@link ConfigException} naming the port key.
     */
    public static HttpEndpoint start(String name, HttpServerSettings settings, Handler handler) {
        return start(name, settings, handler, UriCompliance.DEFAULT);
    }

    /**
     * Like {@link #start(String, HttpServerSettings, Handler)}, with the request URIs Jetty lets
     * through: the schema registry must accept an encoded {@code /} inside a subject name
     * ({@code /subjects/a%2Fb-value/versions}), which Jetty refuses by default as ambiguous.
     */
    public static HttpEndpoint start(String name, HttpServerSettings settings, Handler handler, UriCompliance uriCompliance) {
        QueuedThreadPool threads = new QueuedThreadPool(settings.threads(), Math.min(4, settings.threads()));
        threads.setName(name + "-http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        server.setStopTimeout(2_000);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setUriCompliance(uriCompliance);
        ConnectionFactory[] factories;
        if (settings.isTls()) {
            SecureRequestCustomizer secure = new SecureRequestCustomizer(false);
            secure.setSniHostCheck(false); // clients reach servers by IP or by a name the certificate need not list
            http.addCustomizer(secure);
            factories = new ConnectionFactory[] {
                new SslConnectionFactory(sslContext(settings), "http/1.1"), new HttpConnectionFactory(http)};
        } else {
            factories = new ConnectionFactory[] {new HttpConnectionFactory(http)};
        }
        ServerConnector connector = new ServerConnector(server, 1, 1, factories);
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.idleTimeoutMs());
        connector.setReuseAddress(true);
        HeaderTimeout headerTimeout = new HeaderTimeout(connector, settings.headerTimeoutMs());
        connector.addBean(headerTimeout);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(settings.maxConnections(), connector));
        server.setErrorHandler(new JsonErrorHandler());
        server.setHandler(headerTimeout.new MarkServed(handler));
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            if (hasCause(e, BindException.class)) {
                throw new ConfigException(settings.prefix() + HttpServerSettings.PORT, settings.port(), "cannot bind "
                        + settings.host() + ":" + settings.port() + " (" + e.getMessage() + "); choose another port, or 0 for a free one");
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException(new IOException("Cannot start " + name + " on " + settings.host() + ":" + settings.port(), e));
        }
        HttpEndpoint endpoint = new HttpEndpoint(name, server, connector, settings);
        LOG.info("{} listening on {}{}", name, endpoint.uri(),
                settings.isTls() ? " (TLS, client certificates " + settings.tls().clientAuth() + ")" : "");
        return endpoint;
    }

    private static SslContextFactory.Server sslContext(HttpServerSettings settings) {
        HttpServerSettings.Tls tls = settings.tls();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        String keyPassword = new String(KeyStores.password(tls.keyStoreType(), tls.keyStorePassword()));
        ssl.setKeyStore(KeyStores.keyStore(tls.keyStoreType(), tls.keyStoreLocation(), tls.keyStorePassword(),
                settings.prefix() + HttpServerSettings.TLS_KEYSTORE_LOCATION));
        ssl.setKeyStorePassword(keyPassword);
        ssl.setKeyManagerPassword(keyPassword);
        if (tls.trustStoreLocation() != null) {
            ssl.setTrustStore(KeyStores.trustStore(tls.trustStoreType(), tls.trustStoreLocation(), tls.trustStorePassword(),
                    settings.prefix() + HttpServerSettings.TLS_TRUSTSTORE_LOCATION));
            ssl.setTrustStorePassword(new String(KeyStores.password(tls.trustStoreType(), tls.trustStorePassword())));
        }
        ssl.setNeedClientAuth(tls.clientAuth() == HttpServerSettings.ClientAuth.NEED);
        ssl.setWantClientAuth(tls.clientAuth() == HttpServerSettings.ClientAuth.WANT);
        ssl.setSniRequired(false);
        return ssl;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // start failed already; nothing more to release
        }
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Base URI to print and to call: {@code https} with TLS; a wildcard host shown as 127.0.0.1. */
    public URI uri() {
        String host = settings.host();
        String shown = "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        return URI.create((settings.isTls() ? "https" : "http") + "://" + shown + ":" + port());
    }

    public HttpServerSettings settings() {
        return settings;
    }

    /**
     * The subject of the client certificate the TLS handshake of {@code request}'s connection
     * verified, e.g. {@code CN=county-330110}; empty without one.
     */
    public static java.util.Optional<String> clientCertificateSubject(Request request) {
        Object data = request.getAttribute(org.eclipse.jetty.io.EndPoint.SslSessionData.ATTRIBUTE);
        if (data instanceof org.eclipse.jetty.io.EndPoint.SslSessionData ssl && ssl.peerCertificates() != null
                && ssl.peerCertificates().length > 0) {
            return java.util.Optional.of(ssl.peerCertificates()[0].getSubjectX500Principal().getName());
        }
        return java.util.Optional.empty();
    }

    /** Connections open now. */
    public int openConnections() {
        return connector.getConnectedEndPoints().size();
    }

    /** Stops accepting, lets requests being answered finish (up to 2 s), then stops. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("{} did not stop cleanly: {}", name, e.toString());
        }
    }

    /**
     * Closes a connection whose next request's headers have not arrived within the timeout — the
     * first request after the connection opened, and on a kept-alive connection the next one after
     * the last answer: a client that opens connections (or keeps them) and sends half a request must
     * not hold them until the idle timeout (which every byte it dribbles resets). Each connection
     * has a counter of request starts and ends; a timer closes it only if nothing happened since
     * the timer was set.
     */
    private static final class HeaderTimeout implements Connection.Listener {
        private static final Map<Connection, AtomicLong> ACTIVITY = new ConcurrentHashMap<>();
        private final ServerConnector connector;
        private final long timeoutMs;

        HeaderTimeout(ServerConnector connector, long timeoutMs) {
            this.connector = connector;
            this.timeoutMs = timeoutMs;
        }

        @Override
        public void onOpened(Connection connection) {
            if (connection instanceof SslConnection) {
                return; // the handshake is bounded by the idle timeout; the HTTP connection inside is watched
            }
            AtomicLong activity = new AtomicLong();
            ACTIVITY.put(connection, activity);
            awaitHeaders(connection, activity, 0L);
        }

        private void awaitHeaders(Connection connection, AtomicLong activity, long seen) {
            connector.getScheduler().schedule(() -> {
                if (activity.get() == seen && connection.getEndPoint().isOpen()) {
                    LOG.debug("Closing a connection that sent no complete request headers within {} ms", timeoutMs);
                    // the socket, not the HTTP connection: closing that makes Jetty answer its half request with a 500
                    connection.getEndPoint().close();
                }
            }, timeoutMs, TimeUnit.MILLISECONDS);
        }

        @Override
        public void onClosed(Connection connection) {
            ACTIVITY.remove(connection);
        }

        /** Counts a request's start (its headers are complete) and, once answered, waits for the next one's headers. */
        final class MarkServed extends Handler.Wrapper {
            MarkServed(Handler handler) {
                super(handler);
            }

            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Connection connection = request.getConnectionMetaData().getConnection();
                AtomicLong activity = ACTIVITY.get(connection);
                if (activity == null) {
                    return super.handle(request, response, callback);
                }
                activity.incrementAndGet();
                Callback next = Callback.from(callback, () -> awaitHeaders(connection, activity, activity.incrementAndGet()));
                return super.handle(request, response, next);
            }
        }
    }

    /** Jetty's own error answers (bad request line, bad header, 404 of no handler) as a short JSON body. */
    private static final class JsonErrorHandler extends ErrorHandler {
        JsonErrorHandler() {
            setShowStacks(false);
            setShowMessageInTitle(false);
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                        Callback callback) {
            String reason = org.eclipse.jetty.http.HttpStatus.getMessage(code);
            String body = "{\"error\":\"" + Responses.errorCode(code) + "\",\"message\":\"" + Responses.jsonEscape(
                    message == null || message.isBlank() ? reason : message.length() > 200 ? message.substring(0, 200) : message) + "\"}";
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Responses.JSON);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            Content.Sink.write(response, true, body, callback);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package io.gatewatch.registry.server;

import com.sun.net.httpserver.HttpServer;
import io.gatewatch.registry.RegistryState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry speaking the Confluent REST API subset GateWatch relies on, over real HTTP
 * (JDK {@code HttpServer}), for the one-command local stack and the tests. Production deployments
 * point GateWatch at their own registry (Confluent, Apicurio, Karapace, Redpanda) instead.
 *
 * <p>Two modes: Kafka-backed (every change written to a compacted single-partition topic,
 * {@code _schemas} by default, and replayed at start, so a restart on the same cluster keeps ids
 * and versions stable; see {@link KafkaSchemaStore}) and in-memory (for unit tests; forgotten on
 * close). Compatibility is enforced with Avro's own checker, BACKWARD unless configured otherwise.
 * No authentication: bind it to loopback (the default) unless a trusted network needs it.
 *
 * <pre>{@code
 * try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.kafkaBacked(kafka.bootstrapServers())) {
 *     Map<String, Object> serdeConfig = Map.of("schema.registry.url", registry.url());
 * }
 * }</pre>
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final KafkaSchemaStore store;
    private final RegistryRequestHandler handler;
    private final String url;

    private EmbeddedSchemaRegistry(HttpServer server, ExecutorService executor, KafkaSchemaStore store,
                                   RegistryRequestHandler handler) {
        this.server = server;
        this.executor = executor;
        this.store = store;
        this.handler = handler;
        this.url = "http://" + hostForUrl(server.getAddress()) + ":" + server.getAddress().getPort();
    }

    /** An in-memory registry on an ephemeral loopback port. */
    public static EmbeddedSchemaRegistry inMemory() {
        return start(Map.of());
    }

    /** A Kafka-backed registry on an ephemeral loopback port, storing into {@code _schemas}. */
    public static EmbeddedSchemaRegistry kafkaBacked(String bootstrapServers) {
        return start(Map.of(EmbeddedSchemaRegistryConfig.KAFKASTORE_BOOTSTRAP_SERVERS, bootstrapServers));
    }

    /** Starts a registry configured by {@link EmbeddedSchemaRegistryConfig} keys; returns once it serves requests. */
    public static EmbeddedSchemaRegistry start(Map<String, ?> props) {
        EmbeddedSchemaRegistryConfig config = new EmbeddedSchemaRegistryConfig(props);
        long started = System.nanoTime();
        RegistryState state = new RegistryState(config.defaultLevel());
        KafkaSchemaStore store = null;
        RegistryState.Persister persister = change -> {};
        if (config.bootstrapServers() != null) {
            store = new KafkaSchemaStore(config);
            try {
                store.start(state);
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
            persister = store;
        }
        RegistryRequestHandler handler = new RegistryRequestHandler(state, persister);
        ExecutorService executor = Executors.newFixedThreadPool(config.httpThreads(), daemonThreads());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        } catch (IOException e) {
            executor.shutdownNow();
            if (store != null) {
                store.close();
            }
            throw new UncheckedIOException("Cannot bind the schema registry to " + config.host() + ":" + config.port(), e);
        }
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
        EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(server, executor, store, handler);
        LOG.info("Embedded schema registry ({}) serving {} after {} ms", store == null ? "in-memory" : "topic " + config.topic(),
                registry.url(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return registry;
    }

    /** Base URL for {@code schema.registry.url}, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** HTTP requests served since start (any path, any outcome): lets tests prove a client answered from its cache. */
    public long requestCount() {
        return handler.requestCount();
    }

    /** Stops serving and closes the Kafka clients; the topic and its data stay. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        if (store != null) {
            store.close();
        }
        LOG.info("Embedded schema registry at {} stopped", url);
    }

    private static String hostForUrl(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "schema-registry-http-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

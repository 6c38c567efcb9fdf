package io.gatewatch.registry.server;

import io.gatewatch.http.HttpEndpoint;
import io.gatewatch.registry.RegistryState;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.UriCompliance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry speaking the Confluent REST API subset GateWatch relies on, over real HTTP on
 * the shared Jetty {@link HttpEndpoint} (header, read and idle timeouts, connection and size limits,
 * TLS with optional client certificates, loopback unless configured), for the one-command local
 * stack, the tests and deployments without a registry of their own. Production deployments may
 * point GateWatch at Confluent, Apicurio, Karapace or Redpanda instead.
 *
 * <p>Two modes: Kafka-backed (every change written to a compacted single-partition topic,
 * {@code _schemas} by default, and replayed at start, so a restart on the same cluster keeps ids
 * and versions stable; see {@link KafkaSchemaStore}) and in-memory (for unit tests; forgotten on
 * close). Compatibility is enforced with Avro's own checker, BACKWARD unless configured otherwise.
 * Authentication is off unless {@code authentication.method} is BASIC or BEARER (see
 * {@link EmbeddedSchemaRegistryConfig}).
 *
 * <pre>{@code
 * try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.kafkaBacked(kafka.bootstrapServers())) {
 *     Map<String, Object> serdeConfig = Map.of("schema.registry.url", registry.url());
 * }
 * }</pre>
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    /** Subject names may hold an encoded '/' or '%' ({@code a%2Fb-value}): Confluent's clients send them so. */
    private static final UriCompliance SUBJECT_NAMES = UriCompliance.DEFAULT.with("schema-registry",
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING);

    private final HttpEndpoint endpoint;
    private final KafkaSchemaStore store;
    private final RegistryRequestHandler handler;

    private EmbeddedSchemaRegistry(HttpEndpoint endpoint, KafkaSchemaStore store, RegistryRequestHandler handler) {
        this.endpoint = endpoint;
        this.store = store;
        this.handler = handler;
    }

    /** An in-memory registry on an ephemeral loopback port. */
    public static EmbeddedSchemaRegistry inMemory() {
        return start(onAnyFreePort(Map.of()));
    }

    /** A Kafka-backed registry on an ephemeral loopback port, storing into {@code _schemas}. */
    public static EmbeddedSchemaRegistry kafkaBacked(String bootstrapServers) {
        return start(onAnyFreePort(Map.of(EmbeddedSchemaRegistryConfig.KAFKASTORE_BOOTSTRAP_SERVERS, bootstrapServers)));
    }

    /** {@code props} with {@code http.port=0} (any free port, see {@link #url()}) unless they name a port. */
    public static Map<String, Object> onAnyFreePort(Map<String, ?> props) {
        Map<String, Object> withPort = new HashMap<>(props);
        withPort.putIfAbsent(EmbeddedSchemaRegistryConfig.HTTP_PORT, 0);
        return withPort;
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
        RegistryRequestHandler handler = new RegistryRequestHandler(state, persister, RegistryAuthenticator.of(config),
                config.server());
        HttpEndpoint endpoint;
        try {
            endpoint = HttpEndpoint.start("Schema registry", config.server(), handler, SUBJECT_NAMES);
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            throw e;
        }
        EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(endpoint, store, handler);
        LOG.info("Embedded schema registry ({}, authentication {}) serving {} after {} ms",
                store == null ? "in-memory" : "topic " + config.topic(), config.authenticationMethod(), registry.url(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return registry;
    }

    /** Base URL for {@code schema.registry.url}, e.g. {@code http://127.0.0.1:41234} ({@code https} with TLS). */
    public String url() {
        return endpoint.uri().toString();
    }

    public int port() {
        return endpoint.port();
    }

    /** HTTP requests served since start (any path, any outcome): lets tests prove a client answered from its cache. */
    public long requestCount() {
        return handler.requestCount();
    }

    /** Stops serving and closes the Kafka clients; the topic and its data stay. */
    @Override
    public void close() {
        String served = url(); // read before closing: a closed connector has no port
        endpoint.close();
        if (store != null) {
            store.close();
        }
        LOG.info("Embedded schema registry at {} stopped", served);
    }
}

package io.gatewatch.producers.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewatch.http.BearerTokens;
import io.gatewatch.producers.devices.DeviceRegistry;
import io.gatewatch.registry.SchemaRegistryClients;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import io.gatewatch.http.HttpEndpoint;
import io.gatewatch.http.HttpServerSettings;
import io.gatewatch.http.RequestBodies;
import io.gatewatch.http.Responses;
import io.gatewatch.producers.json.BatchConversion;
import io.gatewatch.producers.json.Conversion;
import io.gatewatch.producers.json.FieldError;
import io.gatewatch.producers.json.IngestCommonConfig;
import io.gatewatch.producers.json.IngestMetrics;
import io.gatewatch.producers.json.IngestMetrics.Outcome;
import io.gatewatch.schema.RejectReason;
import io.gatewatch.producers.json.ScanPayloadConverter;
import io.gatewatch.producers.json.ScanPublisher;
import io.gatewatch.registry.SchemaRegistryException;
import io.gatewatch.schema.ScanChecks;
import io.gatewatch.schema.ScanEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.errors.RetriableException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP ingest for phone apps and medical reports (clinics, pharmacies, staff): JSON scans in,
 * {@code ScanEvent}s on {@code gatewatch.scans}. Served by the shared {@link HttpEndpoint} (Jetty),
 * with the {@code http.*} server settings (host, port, timeouts, connection and size limits, TLS).
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>{@code POST /v1/scans}</td><td>one JSON scan object</td></tr>
 *   <tr><td>{@code POST /v1/scans:batch}</td><td>a JSON array of scans, all or nothing</td></tr>
 *   <tr><td>{@code GET /health}</td><td>liveness: 200 while the process serves</td></tr>
 *   <tr><td>{@code GET /ready}</td><td>readiness: 200 when Kafka answers, else 503</td></tr>
 * </table>
 *
 * <p>Guarantees:
 * <ul>
 *   <li><b>202 only after Kafka acknowledged every scan of the request</b> (idempotent producer,
 *       {@code acks=all}). Anything else means "not (known to be) written": resend the same
 *       request, duplicates carry the same {@code eventId} and are de-duplicated downstream.</li>
 *   <li><b>All or nothing per request</b>: a request with any invalid item is refused whole
 *       (400, the first {@value JsonBodies#MAX_LISTED_ERRORS} bad items and fields listed, plus
 *       their count) before anything is sent to Kafka.</li>
 *   <li><b>Every client error is a 4xx with a reason</b> (a broken body on the wire 400
 *       {@code malformed_body}, a slow one 408, a wrong media type 415 — {@code application/json}
 *       exactly —, a bad token 401); 5xx only for server faults, each counted as
 *       {@code outcome="failed"}.</li>
 *   <li><b>Authentication</b>: {@code Authorization: Bearer <token>} per client (401); a client may
 *       only send the {@code source} values configured for it (403).</li>
 *   <li><b>Slow clients cost no thread</b>: bodies are read asynchronously; parsing and validation
 *       run on {@code http.workers} threads, so {@code /health} and {@code /ready} are answered on
 *       the server threads even when every worker is busy.</li>
 *   <li><b>Back-pressure</b>: bounded requests and scans in flight, 429 with {@code Retry-After}
 *       beyond them; Kafka not acknowledging within {@code http.ack.timeout.ms}: 503 with
 *       {@code Retry-After}; bodies over {@code http.max.request.bytes}: 413.</li>
 *   <li>Raw identities are pseudonymised on arrival; bodies, tokens and secrets are never logged.</li>
 * </ul>
 * Waiting for Kafka does not hold a thread: the response is written when the acks arrive.
 */
public final class HttpIngestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpIngestServer.class);
    static final String CHANNEL = "http";
    public static final String SCANS_PATH = "/v1/scans";
    public static final String BATCH_PATH = "/v1/scans:batch";
    public static final String HEALTH_PATH = "/health";
    public static final String READY_PATH = "/ready";
    private static final String JSON = Responses.JSON;

    private final HttpIngestConfig config;
    private final HttpServerSettings serverSettings;
    private final ScanPublisher publisher;
    private final ScanPayloadConverter converter;
    private final ScanChecks checks;
    private final KafkaReadinessProbe probe;
    private final boolean ownsPublisher;
    private final BearerTokens<IngestClient> authenticator;
    private final BearerTokens<String> operators;
    private final DeviceRequests devices;
    private final IngestMetrics metrics;
    private final Semaphore requests;
    private final Semaphore records;
    private final AtomicInteger inFlightRecords = new AtomicInteger();
    private final ExecutorService workers;
    private final ScheduledExecutorService probing;
    private HttpEndpoint endpoint;
    private volatile boolean kafkaReady;
    private volatile boolean closing;

    private HttpIngestServer(HttpIngestConfig config, ScanPublisher publisher, ScanPayloadConverter converter,
                             KafkaReadinessProbe probe, boolean ownsPublisher, MeterRegistry meters) {
        this.config = Objects.requireNonNull(config, "config");
        this.serverSettings = config.server();
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.converter = Objects.requireNonNull(converter, "converter");
        this.checks = config.scanChecks();
        this.probe = probe;
        this.ownsPublisher = ownsPublisher;
        this.authenticator = new BearerTokens<>(tokensByClient(config));
        this.operators = new BearerTokens<>(config.operatorToken().map(token -> Map.of("operator", token)).orElse(Map.of()));
        this.devices = new DeviceRequests(() -> {
            Map<String, Object> serde = IngestCommonConfig.serdeProps(config);
            return new DeviceRegistry(IngestCommonConfig.producerProps(config), IngestCommonConfig.consumerProps(config),
                    SchemaRegistryClients.create(serde), serde);
        });
        this.metrics = new IngestMetrics(meters, CHANNEL);
        this.requests = new Semaphore(config.maxInflightRequests());
        this.records = new Semaphore(config.maxInflightRecords());
        AtomicInteger threadIds = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread thread = new Thread(r, "http-ingest-" + threadIds.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.probing = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "http-ingest-readiness");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static Map<IngestClient, Password> tokensByClient(HttpIngestConfig config) {
        Map<String, Password> tokens = config.tokens();
        Map<IngestClient, Password> byClient = new LinkedHashMap<>();
        for (IngestClient client : config.clients()) {
            byClient.put(client, Objects.requireNonNull(tokens.get(client.id()), "no token for client " + client.id()));
        }
        return byClient;
    }

    /** Starts a server with its own Kafka producer, registry client and readiness probe. */
    public static HttpIngestServer start(HttpIngestConfig config, MeterRegistry meters) {
        ScanPublisher publisher = IngestCommonConfig.publisher(config);
        KafkaReadinessProbe probe = new KafkaReadinessProbe(IngestCommonConfig.producerProps(config));
        try {
            HttpIngestServer ingest = new HttpIngestServer(config, publisher,
                    new ScanPayloadConverter(IngestCommonConfig.pseudonymizer(config), IngestCommonConfig.plateTokens(config)), probe, true, meters);
            ingest.start();
            return ingest;
        } catch (RuntimeException e) {
            probe.close();
            publisher.close(Duration.ZERO);
            throw e;
        }
    }

    private void start() {
        try {
            endpoint = HttpEndpoint.start("HTTP ingest", serverSettings, new Routes());
        } catch (RuntimeException e) {
            workers.shutdownNow();
            probing.shutdownNow();
            throw e;
        }
        probing.scheduleWithFixedDelay(this::probeKafka, 0, config.readinessProbeIntervalMs(), TimeUnit.MILLISECONDS);
        LOG.info("HTTP ingest serving {} client(s) at {}", config.clients().size(), uri());
    }

    private void probeKafka() {
        boolean answers = probe.kafkaAnswers(Duration.ofMillis(Math.min(config.readinessProbeIntervalMs(), 5_000)));
        if (answers != kafkaReady) {
            LOG.info("HTTP ingest {} (Kafka {})", answers ? "ready" : "not ready", answers ? "answers" : "does not answer");
        }
        kafkaReady = answers;
    }

    /** The bound port (useful with {@code http.port=0}). */
    public int port() {
        return endpoint.port();
    }

    /** Base URI, e.g. {@code https://127.0.0.1:8080}. */
    public URI uri() {
        return endpoint.uri();
    }

    /** True when Kafka answered the last probe and no produce failed since. */
    public boolean isReady() {
        return kafkaReady && !closing;
    }

    /** Requests admitted and not yet answered. */
    public int inFlightRequests() {
        return config.maxInflightRequests() - requests.availablePermits();
    }

    /** Scans sent to Kafka and not yet acknowledged or failed. */
    public int inFlightRecords() {
        return inFlightRecords.get();
    }

    /** One exchange: the Jetty request, response and completion callback, answered exactly once. */
    private record Exchange(Request request, Response response, Callback callback) {
        void header(String name, String value) {
            response.getHeaders().put(name, value);
        }
    }

    /** Health and readiness on the server thread; scans handed to the workers once their body has arrived. */
    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Exchange exchange = new Exchange(request, response, callback);
            try {
                String path = Request.getPathInContext(request);
                String method = request.getMethod();
                switch (path) {
                    case SCANS_PATH, BATCH_PATH -> {
                        if (!"POST".equals(method)) {
                            methodNotAllowed(exchange, "POST");
                        } else {
                            ingest(exchange, BATCH_PATH.equals(path));
                        }
                    }
                    case HEALTH_PATH -> {
                        if (!"GET".equals(method)) {
                            methodNotAllowed(exchange, "GET");
                        } else {
                            respond(exchange, 200, JsonBodies.status("UP"));
                        }
                    }
                    case READY_PATH -> {
                        if (!"GET".equals(method)) {
                            methodNotAllowed(exchange, "GET");
                        } else if (isReady()) {
                            respond(exchange, 200, JsonBodies.status("READY"));
                        } else {
                            exchange.header("Retry-After", String.valueOf(config.retryAfterUnavailableSeconds()));
                            respond(exchange, 503, JsonBodies.status("NOT_READY"));
                        }
                    }
                    default -> {
                        if (path.equals(DeviceRequests.PATH) || path.startsWith(DeviceRequests.PATH + "/")) {
                            devices(exchange, path.substring(DeviceRequests.PATH.length()), method);
                        } else {
                            respond(exchange, 404, JsonBodies.error("not_found", "no such endpoint"));
                        }
                    }
                }
            } catch (RuntimeException e) {
                serverFault(exchange, e);
            }
            return true;
        }
    }

    /** {@code /v1/devices[/id]}: the operator's device registry, on a worker (it waits for Kafka). */
    private void devices(Exchange exchange, String rest, String method) {
        if (operators.authenticate(exchange.request().getHeaders().get(HttpHeader.AUTHORIZATION)).isEmpty()) {
            exchange.header("WWW-Authenticate", "Bearer realm=\"gatewatch\"");
            respond(exchange, 401, JsonBodies.error("unauthorized", "the operator's 'Authorization: Bearer <token>' is required"));
            return;
        }
        String deviceId = rest.isEmpty() ? null : URLDecoder.decode(rest.substring(1), StandardCharsets.UTF_8);
        if (deviceId != null && (deviceId.isEmpty() || deviceId.contains("/"))) {
            respond(exchange, 404, JsonBodies.error("not_found", "no such endpoint"));
            return;
        }
        String allowed = deviceId == null ? "GET" : "GET, PUT, DELETE";
        if (!List.of(allowed.split(", ")).contains(method)) {
            methodNotAllowed(exchange, allowed);
            return;
        }
        if ("PUT".equals(method)) {
            RequestBodies.read(exchange.request(), config.maxRequestBytes(), serverSettings.readTimeoutMs())
                    .whenComplete((body, failure) -> onWorker(exchange, () -> {
                        if (failure != null) {
                            refuseBody(exchange, failure);
                        } else {
                            answerDevices(exchange, () -> devices.put(deviceId, body));
                        }
                    }));
        } else {
            onWorker(exchange, () -> answerDevices(exchange, switch (method) {
                case "DELETE" -> () -> devices.retire(deviceId);
                default -> deviceId == null ? devices::list : () -> devices.show(deviceId);
            }));
        }
    }

    private void answerDevices(Exchange exchange, java.util.function.Supplier<DeviceRequests.Answer> request) {
        try {
            DeviceRequests.Answer answer = request.get();
            if (answer.body() == null) {
                Responses.send(exchange.response(), exchange.callback(), answer.status(), JSON, new byte[0]);
            } else {
                Responses.send(exchange.response(), exchange.callback(), answer.status(), JSON,
                        DeviceRequests.bytes(answer.body()));
            }
        } catch (RuntimeException e) {
            if (isTransient(e)) {
                exchange.header("Retry-After", String.valueOf(config.retryAfterUnavailableSeconds()));
                respondQuietly(exchange, 503, JsonBodies.error("unavailable", "the device registry did not answer; retry later"));
            } else {
                serverFault(exchange, e);
            }
        }
    }

    private void serverFault(Exchange exchange, Throwable e) {
        metrics.count(Outcome.FAILED);
        LOG.error("HTTP ingest failed to handle a request to {}", Request.getPathInContext(exchange.request()), e);
        respondQuietly(exchange, 500, JsonBodies.error("internal", "internal error"));
    }

    private void ingest(Exchange exchange, boolean batch) {
        Optional<IngestClient> client = authenticator.authenticate(exchange.request().getHeaders().get(HttpHeader.AUTHORIZATION));
        if (client.isEmpty()) {
            metrics.count(Outcome.UNAUTHORIZED);
            exchange.header("WWW-Authenticate", "Bearer realm=\"gatewatch\"");
            respond(exchange, 401, JsonBodies.error("unauthorized", "a valid 'Authorization: Bearer <token>' header is required"));
            return;
        }
        if (closing) {
            metrics.count(Outcome.FAILED);
            exchange.header("Retry-After", String.valueOf(config.retryAfterUnavailableSeconds()));
            respond(exchange, 503, JsonBodies.error("unavailable", "shutting down; resend the same request later"));
            return;
        }
        if (!isJson(exchange.request().getHeaders().get(HttpHeader.CONTENT_TYPE))) {
            metrics.count(Outcome.INVALID);
            respond(exchange, 415, JsonBodies.error("unsupported_media_type", "Content-Type must be " + JSON + " (charset utf-8 if given)"));
            return;
        }
        if (!requests.tryAcquire()) {
            throttled(exchange, "too many requests in flight");
            return;
        }
        RequestBodies.read(exchange.request(), config.maxRequestBytes(), serverSettings.readTimeoutMs())
                .whenComplete((body, failure) -> onWorker(exchange, () -> {
                    boolean handedOver = false;
                    try {
                        handedOver = failure == null ? admit(exchange, client.get(), batch, body) : refuseBody(exchange, failure);
                    } catch (RuntimeException e) {
                        serverFault(exchange, e);
                    } finally {
                        if (!handedOver) {
                            requests.release();
                        }
                    }
                }));
    }

    /** {@code application/json}, exactly (case aside), with no parameter but {@code charset=utf-8}; or no Content-Type. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return true;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase(JSON)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT).replace("\"", "");
            if (!parameter.equals("charset=utf-8") && !parameter.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private boolean refuseBody(Exchange exchange, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (!(cause instanceof RequestBodies.BodyException body)) {
            throw new IllegalStateException("reading the body failed", cause);
        }
        metrics.count(Outcome.INVALID);
        if (body.status() == 413) {
            exchange.header("Connection", "close");
            respond(exchange, 413, JsonBodies.error(RejectReason.PAYLOAD_TOO_LARGE.code(),
                    "request body exceeds " + HttpIngestConfig.MAX_REQUEST_BYTES + "=" + config.maxRequestBytes() + " bytes"));
        } else {
            exchange.header("Connection", "close");
            respond(exchange, body.status(), JsonBodies.error(body.code(), body.getMessage()));
        }
        return false;
    }

    /** Validates and sends; true when the response is left to the Kafka completion. */
    private boolean admit(Exchange exchange, IngestClient client, boolean batch, byte[] body) {
        List<ScanEvent> events = batch ? convertBatch(exchange, body) : convertOne(exchange, body);
        if (events == null) {
            return false; // answered (and counted) by the conversion
        }
        if (!passScreeningChecks(exchange, events, batch)) {
            return false;
        }
        List<FieldError> forbidden = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (!client.mayReport(events.get(i).getSource())) {
                FieldError error = new FieldError("source", "client '" + client.id() + "' may not send " + events.get(i).getSource());
                forbidden.add(batch ? error.inItem(i) : error);
            }
        }
        if (!forbidden.isEmpty()) {
            metrics.count(Outcome.UNAUTHORIZED);
            respond(exchange, 403, JsonBodies.fieldErrors("forbidden_source",
                    "the client may not send these sources; nothing was written", forbidden));
            return false;
        }
        if (!records.tryAcquire(events.size())) {
            throttled(exchange, "too many scans waiting for Kafka");
            return false;
        }
        send(exchange, client, events);
        return true;
    }

    /**
     * The screening's stateless content checks ({@link ScanChecks}: stale and future times, village
     * for non-gate sources, field values, text policy), so that 202 means screening will count the
     * scan. A refusal answers 400 with the screening's reason code (the first failing item's), listing
     * every failing item; nothing is written.
     */
    private boolean passScreeningChecks(Exchange exchange, List<ScanEvent> events, boolean batch) {
        long now = System.currentTimeMillis();
        List<FieldError> failures = new ArrayList<>();
        String reason = null;
        for (int i = 0; i < events.size(); i++) {
            Optional<ScanChecks.Failure> failure = checks.check(events.get(i), now);
            if (failure.isPresent()) {
                reason = reason == null ? failure.get().reason().code() : reason;
                FieldError error = new FieldError(failure.get().field() == null ? "$" : failure.get().field(), failure.get().message());
                failures.add(batch ? error.inItem(i) : error);
            }
        }
        if (failures.isEmpty()) {
            return true;
        }
        metrics.count(Outcome.INVALID);
        respond(exchange, 400, JsonBodies.fieldErrors(reason, failures.size() + " scan(s) would be refused by screening; nothing was written",
                failures));
        return false;
    }

    private List<ScanEvent> convertOne(Exchange exchange, byte[] body) {
        Conversion conversion = converter.convert(body);
        if (conversion instanceof Conversion.Accepted accepted) {
            return List.of(accepted.event());
        }
        Conversion.Rejected rejected = (Conversion.Rejected) conversion;
        metrics.count(Outcome.INVALID);
        respond(exchange, 400, JsonBodies.fieldErrors(rejected.reason().code(),
                rejected.totalErrors() + " invalid field(s); nothing was written", rejected.errors(), rejected.totalErrors()));
        return null;
    }

    private List<ScanEvent> convertBatch(Exchange exchange, byte[] body) {
        BatchConversion conversion = converter.convertBatch(body, config.batchMaxRecords());
        if (conversion instanceof BatchConversion.Accepted accepted) {
            return accepted.events();
        }
        BatchConversion.Rejected rejected = (BatchConversion.Rejected) conversion;
        metrics.count(Outcome.INVALID);
        int status = rejected.reason() == RejectReason.PAYLOAD_TOO_LARGE ? 413 : 400;
        String message = rejected.badItems() > 0
                ? rejected.badItems() + " of " + rejected.items() + " item(s) invalid; the whole batch was refused, nothing was written"
                : "the batch was refused, nothing was written";
        respond(exchange, status, JsonBodies.itemErrors(rejected.reason().code(), message, rejected.errors(), rejected.totalErrors()));
        return null;
    }

    private void send(Exchange exchange, IngestClient client, List<ScanEvent> events) {
        List<CompletableFuture<?>> sends = new ArrayList<>(events.size());
        for (ScanEvent event : events) {
            inFlightRecords.incrementAndGet();
            sends.add(publisher.publish(event).whenComplete((metadata, failure) -> {
                // the permit follows the record, not the request: a timed-out request's scans still occupy Kafka
                inFlightRecords.decrementAndGet();
                records.release();
            }));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .orTimeout(config.ackTimeoutMs(), TimeUnit.MILLISECONDS)
                .whenComplete((ignored, failure) -> onWorker(exchange, () -> {
                    try {
                        answer(exchange, client, events, failure);
                    } finally {
                        requests.release();
                    }
                }));
    }

    private void answer(Exchange exchange, IngestClient client, List<ScanEvent> events, Throwable failure) {
        if (failure == null) {
            kafkaReadyAgain();
            metrics.count(Outcome.ACCEPTED);
            LOG.debug("Accepted {} scan(s) from client {}", events.size(), client.id());
            respond(exchange, 202, JsonBodies.accepted(events.stream().map(ScanEvent::getEventId).toList()));
            return;
        }
        metrics.count(Outcome.FAILED);
        Throwable cause = unwrap(failure);
        if (isTransient(cause)) {
            kafkaReady = false;
            LOG.warn("Kafka did not acknowledge {} scan(s) from client {} in time ({}); answering 503", events.size(),
                    client.id(), cause.toString());
            exchange.header("Retry-After", String.valueOf(config.retryAfterUnavailableSeconds()));
            respond(exchange, 503, JsonBodies.error("unavailable", "Kafka did not acknowledge within " + config.ackTimeoutMs()
                    + " ms; resend the same request later (scans are de-duplicated by eventId)"));
        } else {
            LOG.error("Kafka refused {} scan(s) from client {}", events.size(), client.id(), cause);
            respond(exchange, 500, JsonBodies.error("internal", "the scans could not be written"));
        }
    }

    private void kafkaReadyAgain() {
        if (!kafkaReady) {
            kafkaReady = true;
            LOG.info("HTTP ingest ready (Kafka acknowledges again)");
        }
    }

    private void throttled(Exchange exchange, String why) {
        metrics.count(Outcome.THROTTLED);
        exchange.header("Retry-After", String.valueOf(config.retryAfterThrottledSeconds()));
        respond(exchange, 429, JsonBodies.error("throttled", why + "; retry after " + config.retryAfterThrottledSeconds() + " s"));
    }

    private static void methodNotAllowed(Exchange exchange, String allowed) {
        exchange.header("Allow", allowed);
        respond(exchange, 405, JsonBodies.error("method_not_allowed", "use " + allowed));
    }

    private void onWorker(Exchange exchange, Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // closing: answer on this thread rather than leave the client hanging
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Kafka or the registry unavailable or slow: worth retrying later (503), unlike a refusal (500). */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof RetriableException || t instanceof IOException
                    || t instanceof org.apache.kafka.common.errors.InterruptException
                    || (t instanceof SchemaRegistryException r && r.httpStatus() >= 500)) {
                return true;
            }
        }
        return false;
    }

    private static void respond(Exchange exchange, int status, ObjectNode body) {
        Responses.send(exchange.response(), exchange.callback(), status, JSON, JsonBodies.bytes(body));
    }

    private static void respondQuietly(Exchange exchange, int status, ObjectNode body) {
        try {
            respond(exchange, status, body);
        } catch (RuntimeException e) {
            exchange.callback().failed(e);
        }
    }

    /**
     * Stops accepting requests, gives those waiting for Kafka up to {@code http.ack.timeout.ms} to
     * be answered, then stops the server (and the producer it owns).
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            if (requests.tryAcquire(config.maxInflightRequests(), config.ackTimeoutMs(), TimeUnit.MILLISECONDS)) {
                requests.release(config.maxInflightRequests());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (endpoint != null) {
            endpoint.close();
        }
        devices.close();
        probing.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsPublisher) {
            publisher.close(Duration.ofSeconds(5));
            if (probe != null) {
                probe.close();
            }
        }
        LOG.info("HTTP ingest stopped");
    }
}

package io.gatewatch.producers.http;

import io.gatewatch.http.BearerTokens;
import io.gatewatch.http.HttpServerSettings;
import io.gatewatch.producers.json.IngestCommonConfig;
import io.gatewatch.schema.ScanSource;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of the {@link HttpIngestServer}, defined once with type, default, validator and doc;
 * bad values fail at construction with the key named. Clients are declared like Kafka Connect's
 * transforms: {@code http.clients=app,clinic-7} names them, then each has
 * {@code http.client.<id>.token} (a secret, never logged) and {@code http.client.<id>.sources}
 * (which {@code source} values it may send). Shares {@code bootstrap.servers},
 * {@code schema.registry.url}, {@code pseudonym.secret} and {@code kafka.*} with the MQTT bridge.
 */
public final class HttpIngestConfig extends AbstractConfig {
    static final String PREFIX = "http.";
    public static final String HOST = PREFIX + HttpServerSettings.HOST;
    public static final String PORT = PREFIX + HttpServerSettings.PORT;
    public static final String MAX_REQUEST_BYTES = PREFIX + HttpServerSettings.MAX_REQUEST_BYTES;
    public static final String WORKERS = "http.workers";
    public static final String MAX_FUTURE_SKEW_MS = "http.max.future.skew.ms";
    public static final String MAX_AGE_MS = "http.max.age.ms";
    public static final String BATCH_MAX_RECORDS = "http.batch.max.records";
    public static final String MAX_INFLIGHT_REQUESTS = "http.max.inflight.requests";
    public static final String MAX_INFLIGHT_RECORDS = "http.max.inflight.records";
    public static final String ACK_TIMEOUT_MS = "http.ack.timeout.ms";
    public static final String RETRY_AFTER_THROTTLED_SECONDS = "http.retry.after.throttled.seconds";
    public static final String RETRY_AFTER_UNAVAILABLE_SECONDS = "http.retry.after.unavailable.seconds";
    public static final String READINESS_PROBE_INTERVAL_MS = "http.readiness.probe.interval.ms";
    public static final String CLIENTS = "http.clients";
    public static final String CLIENT_PREFIX = "http.client.";
    public static final String OPERATOR_TOKEN = "http.operator.token";
    public static final String TOKEN_SUFFIX = ".token";
    public static final String SOURCES_SUFFIX = ".sources";
    /** Bearer tokens shorter than this are refused at start-up. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final List<String> REPORTABLE_SOURCES = List.of(ScanSource.GATE_DEVICE.name(), ScanSource.PHONE_APP.name(),
            ScanSource.STAFF_ENTRY.name(), ScanSource.CLINIC.name(), ScanSource.PHARMACY.name());

    private static final ConfigDef BASE = IngestCommonConfig.define(HttpServerSettings.define(new ConfigDef(), PREFIX,
                    "the HTTP ingest", new HttpServerSettings.Defaults(8080, 32, 1_024, 1_048_576))
            .define(WORKERS, Type.INT, 4, Range.atLeast(1), Importance.LOW,
                    "Threads that parse, validate and send scans. When all are busy requests wait (at most "
                            + "http.max.inflight.requests of them); health and readiness are answered by the server threads.")
            .define(BATCH_MAX_RECORDS, Type.INT, 500, Range.atLeast(1), Importance.MEDIUM,
                    "Most scans in one POST /v1/scans:batch; longer batches get 413.")
            .define(MAX_INFLIGHT_REQUESTS, Type.INT, 64, Range.atLeast(1), Importance.MEDIUM,
                    "Requests being handled or waiting for Kafka at once; beyond this, 429 with Retry-After.")
            .define(MAX_FUTURE_SKEW_MS, Type.LONG, 10 * 60_000L, Range.between(0L, 3_600_000L), Importance.MEDIUM,
                    "A scan whose scannedAt lies further ahead of the clock is refused (400 future_timestamp). Keep it "
                            + "equal to screening.max.future.skew.ms, so 202 means the scan will be counted.")
            .define(MAX_AGE_MS, Type.LONG, 86_400_000L, Range.between(60_000L, 30 * 86_400_000L), Importance.MEDIUM,
                    "A scan whose scannedAt lies further behind the clock is refused (400 stale_timestamp). Keep it "
                            + "equal to screening.max.age.ms, so 202 means the scan will be counted.")
            .define(MAX_INFLIGHT_RECORDS, Type.INT, 10_000, Range.atLeast(1), Importance.MEDIUM,
                    "Scans sent to Kafka and not yet acknowledged; a request that would exceed it gets 429 with Retry-After. "
                            + "Must be at least " + BATCH_MAX_RECORDS + ".")
            .define(ACK_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(100), Importance.MEDIUM,
                    "How long a request waits for Kafka to acknowledge all its scans before answering 503.")
            .define(RETRY_AFTER_THROTTLED_SECONDS, Type.INT, 1, Range.atLeast(1), Importance.LOW, "Retry-After on 429, seconds.")
            .define(RETRY_AFTER_UNAVAILABLE_SECONDS, Type.INT, 5, Range.atLeast(1), Importance.LOW, "Retry-After on 503, seconds.")
            .define(READINESS_PROBE_INTERVAL_MS, Type.LONG, 5_000L, Range.atLeast(100), Importance.LOW,
                    "How often GET /ready checks that Kafka answers.")
            .define(OPERATOR_TOKEN, Type.PASSWORD, null, new OptionalToken(), Importance.MEDIUM,
                    "Bearer token of the operator who may read and change the device registry over /v1/devices "
                            + "(GET, PUT, DELETE). Unset: those endpoints answer 401 to everyone. Never logged.")
            .define(CLIENTS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new ClientIds(), Importance.HIGH,
                    "Client ids; each needs http.client.<id>.token and http.client.<id>.sources."));

    public HttpIngestConfig(Map<?, ?> props) {
        super(withClients(props), props, false);
        if (getInt(MAX_INFLIGHT_RECORDS) < getInt(BATCH_MAX_RECORDS)) {
            throw new ConfigException(MAX_INFLIGHT_RECORDS, getInt(MAX_INFLIGHT_RECORDS),
                    "must be at least " + BATCH_MAX_RECORDS + " (" + getInt(BATCH_MAX_RECORDS) + "), or a full batch could never be accepted");
        }
        Map<String, Long> seen = tokens().entrySet().stream()
                .collect(Collectors.groupingBy(e -> e.getValue().value(), Collectors.counting()));
        if (seen.values().stream().anyMatch(n -> n > 1)) {
            throw new ConfigException(CLIENTS, getList(CLIENTS), "two clients share one token; give each its own");
        }
    }

    /** The definitions without the per-client keys (for docs). */
    public static ConfigDef configDef() {
        return new ConfigDef(BASE);
    }

    /** The base definitions plus {@code http.client.<id>.*} for each declared client. */
    static ConfigDef withClients(Map<?, ?> props) {
        Object clients = BASE.parse(props).get(CLIENTS);
        ConfigDef def = new ConfigDef(BASE);
        for (Object id : (List<?>) clients) {
            def.define(CLIENT_PREFIX + id + TOKEN_SUFFIX, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, new TokenValidator(),
                            Importance.HIGH, "Bearer token of client '" + id + "'. Never logged.")
                    .define(CLIENT_PREFIX + id + SOURCES_SUFFIX, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                            ConfigDef.ValidList.in(REPORTABLE_SOURCES.toArray(String[]::new)), Importance.HIGH,
                            "Scan sources client '" + id + "' may send.");
        }
        return def;
    }

    /** Where and how the server listens: the shared HTTP settings fragment under {@code http.}. */
    public HttpServerSettings server() {
        return HttpServerSettings.from(this, PREFIX);
    }

    /** The screening's stateless content checks, with this edge's clock bounds. */
    public io.gatewatch.schema.ScanChecks scanChecks() {
        return new io.gatewatch.schema.ScanChecks(getLong(MAX_FUTURE_SKEW_MS), getLong(MAX_AGE_MS));
    }

    public int workers() {
        return getInt(WORKERS);
    }

    public int maxRequestBytes() {
        return getInt(MAX_REQUEST_BYTES);
    }

    public int batchMaxRecords() {
        return getInt(BATCH_MAX_RECORDS);
    }

    public int maxInflightRequests() {
        return getInt(MAX_INFLIGHT_REQUESTS);
    }

    public int maxInflightRecords() {
        return getInt(MAX_INFLIGHT_RECORDS);
    }

    public long ackTimeoutMs() {
        return getLong(ACK_TIMEOUT_MS);
    }

    public int retryAfterThrottledSeconds() {
        return getInt(RETRY_AFTER_THROTTLED_SECONDS);
    }

    public int retryAfterUnavailableSeconds() {
        return getInt(RETRY_AFTER_UNAVAILABLE_SECONDS);
    }

    public long readinessProbeIntervalMs() {
        return getLong(READINESS_PROBE_INTERVAL_MS);
    }

    /** Client id -> token (a {@link Password}, so printing it shows {@code [hidden]}). */
    Map<String, Password> tokens() {
        Map<String, Password> tokens = new LinkedHashMap<>();
        for (String id : getList(CLIENTS)) {
            tokens.put(id, (Password) get(CLIENT_PREFIX + id + TOKEN_SUFFIX));
        }
        return tokens;
    }

    /** The declared clients with their allowed sources. */
    public List<IngestClient> clients() {
        return getList(CLIENTS).stream().map(id -> {
            @SuppressWarnings("unchecked")
            List<String> sources = (List<String>) get(CLIENT_PREFIX + id + SOURCES_SUFFIX);
            Set<ScanSource> allowed = EnumSet.noneOf(ScanSource.class);
            sources.forEach(s -> allowed.add(ScanSource.valueOf(s)));
            return new IngestClient(id, allowed);
        }).toList();
    }

    static final class ClientIds implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            List<?> ids = (List<?>) value;
            if (ids == null || ids.isEmpty()) {
                throw new ConfigException(name, value, "at least one client is required");
            }
            for (Object id : ids) {
                if (!CLIENT_ID.matcher(id.toString()).matches()) {
                    throw new ConfigException(name, value, "client id '" + id + "' must be 1-64 of A-Z a-z 0-9 _ -");
                }
            }
            if (ids.stream().distinct().count() != ids.size()) {
                throw new ConfigException(name, value, "client ids must be unique");
            }
        }

        @Override
        public String toString() {
            return "non-empty list of unique client ids (A-Z a-z 0-9 _ -)";
        }
    }

    /** The operator token, if one is configured. */
    public java.util.Optional<Password> operatorToken() {
        return java.util.Optional.ofNullable((Password) get(OPERATOR_TOKEN));
    }

    /** No token, or one a {@link TokenValidator} accepts. */
    static final class OptionalToken implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null) {
                new TokenValidator().ensureValid(name, value);
            }
        }

        @Override
        public String toString() {
            return "unset, or a " + new TokenValidator();
        }
    }

    static final class TokenValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || ((Password) value).value().getBytes(StandardCharsets.UTF_8).length < MIN_TOKEN_LENGTH
                    || ((Password) value).value().isBlank()) {
                throw new ConfigException(name, value, "must be at least " + MIN_TOKEN_LENGTH + " characters");
            }
            if (!BearerTokens.isToken68(((Password) value).value())) {
                // a token a client cannot send in an Authorization header would lock that client out
                throw new ConfigException(name, value, "may use only A-Z a-z 0-9 - . _ ~ + / (and trailing =)");
            }
        }

        @Override
        public String toString() {
            return "secret of at least " + MIN_TOKEN_LENGTH + " characters of A-Z a-z 0-9 - . _ ~ + /";
        }
    }
}

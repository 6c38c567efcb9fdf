package io.gatewatch.registry.server;

import io.gatewatch.http.BearerTokens;
import io.gatewatch.http.HttpServerSettings;
import io.gatewatch.registry.CompatibilityLevel;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of {@link EmbeddedSchemaRegistry}: the shared HTTP server fragment under {@code http.}
 * (host, port, timeouts, limits, TLS; loopback unless configured), authentication, and the store,
 * named as Confluent Schema Registry names them ({@code kafkastore.*},
 * {@code schema.compatibility.level}, {@code authentication.method}). Any other
 * {@code kafkastore.}-prefixed key (e.g. {@code kafkastore.security.protocol}) is passed to the
 * store's Kafka clients without the prefix.
 */
public final class EmbeddedSchemaRegistryConfig extends AbstractConfig {
    /** The shared HTTP server settings are under this prefix: {@code http.host}, {@code http.port}, {@code http.tls.*}, ... */
    public static final String HTTP_PREFIX = "http.";
    public static final String HTTP_HOST = HTTP_PREFIX + HttpServerSettings.HOST;
    public static final String HTTP_PORT = HTTP_PREFIX + HttpServerSettings.PORT;
    public static final String KAFKASTORE_BOOTSTRAP_SERVERS = "kafkastore.bootstrap.servers";
    public static final String KAFKASTORE_TOPIC = "kafkastore.topic";
    public static final String KAFKASTORE_TOPIC_REPLICATION_FACTOR = "kafkastore.topic.replication.factor";
    public static final String KAFKASTORE_TIMEOUT_MS = "kafkastore.timeout.ms";
    public static final String KAFKASTORE_INIT_TIMEOUT_MS = "kafkastore.init.timeout.ms";
    public static final String SCHEMA_COMPATIBILITY_LEVEL = "schema.compatibility.level";
    public static final String AUTHENTICATION_METHOD = "authentication.method";
    public static final String AUTHENTICATION_USERS = "authentication.users";
    /** Each user's secret is {@code authentication.user.<name>.secret}. */
    public static final String AUTHENTICATION_USER_PREFIX = "authentication.user.";
    public static final String SECRET_SUFFIX = ".secret";
    public static final String DEFAULT_TOPIC = "_schemas";
    /** Secrets shorter than this are refused at start-up. */
    public static final int MIN_SECRET_LENGTH = 16;

    private static final String KAFKASTORE_PREFIX = "kafkastore.";

    /** How clients prove who they are. */
    public enum AuthenticationMethod {
        /** Anyone who reaches the port may read and register: keep it on loopback or a trusted network. */
        NONE,
        /** {@code Authorization: Basic} with a user's name and secret (Confluent clients' {@code basic.auth.user.info}). */
        BASIC,
        /** {@code Authorization: Bearer} with a user's secret as the token. */
        BEARER
    }

    private static final ConfigDef DEF = HttpServerSettings.define(new ConfigDef(), HTTP_PREFIX, "the schema registry",
                    new HttpServerSettings.Defaults(8081, 8, 64, 1 << 20))
            .define(KAFKASTORE_BOOTSTRAP_SERVERS, Type.STRING, "", Importance.HIGH,
                    "Kafka cluster holding the durable schema log. Empty: in-memory registry (tests), forgotten on close.")
            .define(KAFKASTORE_TOPIC, Type.STRING, DEFAULT_TOPIC, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Compacted single-partition topic the registry's changes are written to and replayed from at start.")
            .define(KAFKASTORE_TOPIC_REPLICATION_FACTOR, Type.INT, 3, Range.atLeast(1), Importance.MEDIUM,
                    "Replication factor of the schema topic when it is created; capped at the number of live brokers.")
            .define(KAFKASTORE_TIMEOUT_MS, Type.INT, 10_000, Range.atLeast(1), Importance.MEDIUM,
                    "Longest wait for one change to be acknowledged by all in-sync replicas, in milliseconds; "
                            + "the request then fails with 50001 and the client may retry.")
            .define(KAFKASTORE_INIT_TIMEOUT_MS, Type.INT, 60_000, Range.atLeast(1), Importance.MEDIUM,
                    "Longest wait at start for creating the topic and replaying it, in milliseconds.")
            .define(SCHEMA_COMPATIBILITY_LEVEL, Type.STRING, CompatibilityLevel.BACKWARD.name(),
                    ValidString.in(Arrays.stream(CompatibilityLevel.values()).map(Enum::name).toArray(String[]::new)),
                    Importance.HIGH, "Global compatibility level until one is set through PUT /config.")
            .define(AUTHENTICATION_METHOD, Type.STRING, AuthenticationMethod.NONE.name(),
                    ConfigDef.CaseInsensitiveValidString.in("NONE", "BASIC", "BEARER"), Importance.HIGH,
                    "How every request must authenticate: NONE (anyone who reaches the port may register schemas: keep it "
                            + "on loopback), BASIC (Authorization: Basic user:secret, what Confluent clients send with "
                            + "basic.auth.user.info) or BEARER (Authorization: Bearer secret). Others get 401.")
            .define(AUTHENTICATION_USERS, Type.LIST, "", Importance.HIGH,
                    "User names for BASIC or BEARER; each needs authentication.user.<name>.secret (at least "
                            + MIN_SECRET_LENGTH + " characters, never printed, kept as a SHA-256 digest).");

    private final AuthenticationMethod authenticationMethod;
    private final Map<String, Password> secrets;

    public EmbeddedSchemaRegistryConfig(Map<?, ?> props) {
        super(DEF, props, false);
        authenticationMethod = AuthenticationMethod.valueOf(getString(AUTHENTICATION_METHOD).toUpperCase(Locale.ROOT));
        secrets = secrets(props);
        server(); // TLS settings that contradict each other fail here, at start-up
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }

    private Map<String, Password> secrets(Map<?, ?> props) {
        List<String> users = getList(AUTHENTICATION_USERS);
        if (authenticationMethod == AuthenticationMethod.NONE) {
            return Map.of();
        }
        if (users.isEmpty()) {
            throw new ConfigException(AUTHENTICATION_USERS, "", AUTHENTICATION_METHOD + "=" + authenticationMethod
                    + " needs at least one user with its secret");
        }
        Map<String, Password> out = new LinkedHashMap<>();
        for (String user : users) {
            String key = AUTHENTICATION_USER_PREFIX + user + SECRET_SUFFIX;
            Object value = props.get(key);
            String secret = value instanceof Password p ? p.value() : value == null ? null : value.toString();
            if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
                throw new ConfigException(key, "[hidden]", "user '" + user + "' needs a secret of at least " + MIN_SECRET_LENGTH
                        + " characters");
            }
            if (authenticationMethod == AuthenticationMethod.BEARER && !BearerTokens.isToken68(secret)) {
                throw new ConfigException(key, "[hidden]", "a bearer token is made of A-Z a-z 0-9 - . _ ~ + / only");
            }
            if (out.values().stream().anyMatch(p -> p.value().equals(secret))) {
                throw new ConfigException(key, "[hidden]", "two users share one secret; give each its own");
            }
            out.put(user, new Password(secret));
        }
        return out;
    }

    /** Where and how the registry listens. */
    public HttpServerSettings server() {
        return HttpServerSettings.from(this, HTTP_PREFIX);
    }

    public AuthenticationMethod authenticationMethod() {
        return authenticationMethod;
    }

    /** Secrets by user name; empty with {@link AuthenticationMethod#NONE}. */
    public Map<String, Password> secrets() {
        return secrets;
    }

    /** Null in in-memory mode. */
    public String bootstrapServers() {
        String servers = getString(KAFKASTORE_BOOTSTRAP_SERVERS).trim();
        return servers.isEmpty() ? null : servers;
    }

    public String topic() {
        return getString(KAFKASTORE_TOPIC);
    }

    public int replicationFactor() {
        return getInt(KAFKASTORE_TOPIC_REPLICATION_FACTOR);
    }

    public Duration storeTimeout() {
        return Duration.ofMillis(getInt(KAFKASTORE_TIMEOUT_MS));
    }

    public Duration initTimeout() {
        return Duration.ofMillis(getInt(KAFKASTORE_INIT_TIMEOUT_MS));
    }

    public CompatibilityLevel defaultLevel() {
        return CompatibilityLevel.valueOf(getString(SCHEMA_COMPATIBILITY_LEVEL));
    }

    /** Extra Kafka client settings: every {@code kafkastore.*} key this class does not define, prefix removed. */
    public Map<String, Object> kafkaClientOverrides() {
        Map<String, Object> out = new HashMap<>();
        originalsWithPrefix(KAFKASTORE_PREFIX).forEach((key, value) -> {
            if (!DEF.names().contains(KAFKASTORE_PREFIX + key)) {
                out.put(key, value);
            }
        });
        return out;
    }
}

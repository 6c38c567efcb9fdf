package io.gatewatch.registry;

import java.net.URI;
import java.time.Duration;
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
 * Settings of the HTTP registry client ({@link CachedSchemaRegistryClient}). Keys are Confluent's
 * where Confluent has one, so an existing serde configuration carries over unchanged; unknown keys
 * are ignored (serde configs carry producer settings too). Bad values fail at construction with
 * a {@link ConfigException} naming the key. The table in {@code schemas/REGISTRY.md} lists them.
 */
public final class RegistryClientConfig extends AbstractConfig {
    public static final String URL = SchemaRegistryClients.URL;
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Confluent's deprecated spelling of {@link #BASIC_AUTH_USER_INFO}, still honoured. */
    public static final String LEGACY_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";
    public static final String MISSING_ID_CACHE_TTL_SEC = "missing.id.cache.ttl.sec";
    public static final String MISSING_VERSION_CACHE_TTL_SEC = "missing.version.cache.ttl.sec";
    public static final String MISSING_SCHEMA_CACHE_TTL_SEC = "missing.schema.cache.ttl.sec";
    public static final String MISSING_CACHE_SIZE = "missing.cache.size";
    public static final String SSL_PREFIX = "schema.registry.ssl.";
    public static final String SSL_PROTOCOL = SSL_PREFIX + "protocol";
    public static final String SSL_TRUSTSTORE_LOCATION = SSL_PREFIX + "truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = SSL_PREFIX + "truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = SSL_PREFIX + "truststore.type";
    public static final String SSL_KEYSTORE_LOCATION = SSL_PREFIX + "keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = SSL_PREFIX + "keystore.password";
    public static final String SSL_KEYSTORE_TYPE = SSL_PREFIX + "keystore.type";
    public static final String SSL_KEY_PASSWORD = SSL_PREFIX + "key.password";

    /** Where basic-auth credentials come from. */
    public enum CredentialsSource { URL, USER_INFO }

    /** A key or trust store's three settings: where the file is, its password and its format. */
    record Store(String location, String password, String type, String name) {
        ConfigDef define(ConfigDef def, String locationDoc) {
            return def.define(location, Type.STRING, null, Importance.MEDIUM, locationDoc)
                    .define(password, Type.PASSWORD, null, Importance.MEDIUM, "Password of the " + name.toLowerCase(Locale.ROOT) + ".")
                    .define(type, Type.STRING, "JKS", Importance.LOW, name + " format: JKS or PKCS12.");
        }
    }

    static final Store TRUST_STORE = new Store(SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_PASSWORD, SSL_TRUSTSTORE_TYPE, "Trust store");
    static final Store KEY_STORE = new Store(SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_PASSWORD, SSL_KEYSTORE_TYPE, "Key store");

    private static final ConfigDef DEF = define();

    private static ConfigDef define() {
        ConfigDef def = new ConfigDef()
                .define(URL, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                        "Comma-separated registry base URLs (http or https), tried in order: a URL that fails with a "
                                + "connection error, 408, 429 or 5xx hands the request to the next one. For Apicurio use "
                                + "its ccompat base, e.g. http://host:8080/apis/ccompat/v7.")
                .define(BASIC_AUTH_CREDENTIALS_SOURCE, Type.STRING, CredentialsSource.URL.name(),
                        ValidString.in(CredentialsSource.URL.name(), CredentialsSource.USER_INFO.name()), Importance.MEDIUM,
                        "Where HTTP basic-auth credentials come from: URL (the user:password@ part of each URL, if any) or "
                                + "USER_INFO (" + BASIC_AUTH_USER_INFO + ").")
                .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
                        "user:password for HTTP basic auth when " + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO.")
                .define(LEGACY_BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.LOW,
                        "Deprecated Confluent spelling of " + BASIC_AUTH_USER_INFO + "; used when that is not set.")
                .define(HTTP_CONNECT_TIMEOUT_MS, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                        "Timeout for opening a connection to one registry URL, in milliseconds.")
                .define(HTTP_READ_TIMEOUT_MS, Type.INT, 30_000, Range.atLeast(1), Importance.LOW,
                        "Timeout for one request to answer (headers received), in milliseconds. A timeout counts as a "
                                + "connection error: retried and failed over.")
                .define(MAX_RETRIES, Type.INT, 3, Range.between(0, 100), Importance.LOW,
                        "Rounds retried after the first one fails retriably (connection error, 408, 429, 5xx). One round "
                                + "tries every URL once in order, so a request makes at most urls * (1 + max.retries) calls. "
                                + "Other errors (4xx) are never retried.")
                .define(RETRIES_WAIT_MS, Type.LONG, 1_000L, Range.atLeast(0), Importance.LOW,
                        "Back-off before the first retry round, in milliseconds; doubled for each further round.")
                .define(RETRIES_MAX_WAIT_MS, Type.LONG, 20_000L, Range.atLeast(0), Importance.LOW,
                        "Cap on the exponential back-off between retry rounds, in milliseconds.")
                .define(LATEST_CACHE_TTL_SEC, Type.LONG, 60L, Range.atLeast(-1), Importance.LOW,
                        "How long the latest version of a subject is cached, in seconds (0: not cached, -1: until this "
                                + "client registers under the subject). Registering under the subject invalidates it.")
                .define(MISSING_ID_CACHE_TTL_SEC, Type.LONG, 5L, Range.atLeast(0), Importance.LOW,
                        "How long an unknown schema id (40403) is remembered before asking again, in seconds (0: never).")
                .define(MISSING_VERSION_CACHE_TTL_SEC, Type.LONG, 5L, Range.atLeast(0), Importance.LOW,
                        "How long a missing subject version or latest version (40401/40402) is remembered, in seconds "
                                + "(0: never). Registering under the subject forgets it.")
                .define(MISSING_SCHEMA_CACHE_TTL_SEC, Type.LONG, 5L, Range.atLeast(0), Importance.LOW,
                        "How long a schema not found under a subject by lookup (40401/40403) is remembered, in seconds "
                                + "(0: never). Registering under the subject forgets it.")
                .define(MISSING_CACHE_SIZE, Type.INT, 10_000, Range.atLeast(0), Importance.LOW,
                        "Most misses remembered at once (least recently used are dropped first).")
                .define(SSL_PROTOCOL, Type.STRING, "TLSv1.3", Importance.LOW,
                        "TLS protocol for https URLs (TLSv1.3 or TLSv1.2).");
        TRUST_STORE.define(def, "Trust store with the CA (or self-signed) certificates of the registry; default: the JDK's trust store.");
        KEY_STORE.define(def, "Key store with this client's certificate, for registries that require mutual TLS.");
        return def.define(SSL_KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW,
                "Password of the private key in the key store; default: the key store password.");
    }

    public RegistryClientConfig(Map<?, ?> props) {
        super(DEF, props, false);
        for (String url : urls()) {
            String scheme = schemeOf(url);
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new ConfigException(URL, url, "registry URLs must be http:// or https://");
            }
        }
        if (credentialsSource() == CredentialsSource.USER_INFO) {
            String userInfo = userInfo();
            if (userInfo == null || !userInfo.contains(":")) {
                throw new ConfigException(BASIC_AUTH_USER_INFO, "[hidden]",
                        "must be user:password when " + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO");
            }
        }
        String protocol = getString(SSL_PROTOCOL);
        if (!protocol.startsWith("TLS")) {
            throw new ConfigException(SSL_PROTOCOL, protocol, "must be a TLS protocol such as TLSv1.3");
        }
    }

    public static ConfigDef configDef() {
        return new ConfigDef(DEF);
    }

    private static String schemeOf(String url) {
        try {
            String scheme = URI.create(url.trim()).getScheme();
            return scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(URL, url, "not a URL: " + e.getMessage());
        }
    }

    public List<String> urls() {
        List<String> urls = getList(URL);
        if (urls.isEmpty()) {
            throw new ConfigException(URL, urls, "at least one registry URL is required");
        }
        return urls.stream().map(String::trim).toList();
    }

    public CredentialsSource credentialsSource() {
        return CredentialsSource.valueOf(getString(BASIC_AUTH_CREDENTIALS_SOURCE));
    }

    /** {@code user:password} from {@link #BASIC_AUTH_USER_INFO} (or its legacy key), or null. */
    public String userInfo() {
        Password info = getPassword(BASIC_AUTH_USER_INFO);
        if (info == null) {
            info = getPassword(LEGACY_BASIC_AUTH_USER_INFO);
        }
        return info == null ? null : info.value();
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(getInt(HTTP_CONNECT_TIMEOUT_MS));
    }

    public Duration readTimeout() {
        return Duration.ofMillis(getInt(HTTP_READ_TIMEOUT_MS));
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES);
    }

    public long retriesWaitMs() {
        return getLong(RETRIES_WAIT_MS);
    }

    public long retriesMaxWaitMs() {
        return getLong(RETRIES_MAX_WAIT_MS);
    }

    public long latestCacheTtlSec() {
        return getLong(LATEST_CACHE_TTL_SEC);
    }

    public long missingIdCacheTtlSec() {
        return getLong(MISSING_ID_CACHE_TTL_SEC);
    }

    public long missingVersionCacheTtlSec() {
        return getLong(MISSING_VERSION_CACHE_TTL_SEC);
    }

    public long missingSchemaCacheTtlSec() {
        return getLong(MISSING_SCHEMA_CACHE_TTL_SEC);
    }

    public int missingCacheSize() {
        return getInt(MISSING_CACHE_SIZE);
    }

    /** True when any TLS store is configured (otherwise https uses the JDK defaults). */
    public boolean hasCustomTls() {
        return getString(TRUST_STORE.location()) != null || getString(KEY_STORE.location()) != null;
    }
}

package io.gatewatch.http;

import java.util.Locale;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/**
 * The one settings fragment of every GateWatch HTTP server (ingest, reports, registry, metrics),
 * defined once and added to each server's {@link ConfigDef} under that server's prefix
 * ({@code http.}, {@code report.http.}, {@code metrics.}, ...): where it listens (loopback unless
 * configured), how long a client may take (header, body, idle), how many connections, how large a
 * request, how many server threads, and TLS (PKCS12 or PEM key store, optional trust store and
 * client-certificate authentication). Passwords are {@code PASSWORD} settings, printed as
 * {@code [hidden]}; like every setting they can come from the environment.
 *
 * @param prefix            the server's key prefix, for messages that name a key
 * @param host              address to bind
 * @param port              port (0: any free port)
 * @param threads           server threads (accept, parse, answer)
 * @param maxConnections    open connections at most; further ones wait in the accept queue
 * @param maxRequestBytes   largest request body
 * @param headerTimeoutMs   a connection must complete its next request's headers within this (after opening or after an answer)
 * @param readTimeoutMs     a request must deliver its whole body within this
 * @param idleTimeoutMs     a connection with no traffic for this long is closed
 * @param tls               TLS settings, or null for plain HTTP
 */
public record HttpServerSettings(String prefix, String host, int port, int threads, int maxConnections, int maxRequestBytes,
                                 long headerTimeoutMs, long readTimeoutMs, long idleTimeoutMs, Tls tls) {
    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String THREADS = "threads";
    public static final String MAX_CONNECTIONS = "max.connections";
    public static final String MAX_REQUEST_BYTES = "max.request.bytes";
    public static final String HEADER_TIMEOUT_MS = "header.timeout.ms";
    public static final String READ_TIMEOUT_MS = "read.timeout.ms";
    public static final String IDLE_TIMEOUT_MS = "idle.timeout.ms";
    public static final String TLS_KEYSTORE_TYPE = "tls.keystore.type";
    public static final String TLS_KEYSTORE_LOCATION = "tls.keystore.location";
    public static final String TLS_KEYSTORE_PASSWORD = "tls.keystore.password";
    public static final String TLS_TRUSTSTORE_TYPE = "tls.truststore.type";
    public static final String TLS_TRUSTSTORE_LOCATION = "tls.truststore.location";
    public static final String TLS_TRUSTSTORE_PASSWORD = "tls.truststore.password";
    public static final String TLS_CLIENT_AUTH = "tls.client.auth";
    public static final String LOOPBACK = "127.0.0.1";

    /** Store formats: a PKCS12 file, or PEM (certificates and, for a key store, one unencrypted PKCS#8 private key). */
    public enum StoreType { PKCS12, PEM }

    /** Whether the server asks TLS clients for a certificate. */
    public enum ClientAuth { NONE, WANT, NEED }

    /** TLS of one server. A store password may be null (PEM, or a PKCS12 without one). */
    public record Tls(StoreType keyStoreType, String keyStoreLocation, Password keyStorePassword,
                      StoreType trustStoreType, String trustStoreLocation, Password trustStorePassword, ClientAuth clientAuth) {}

    /** The server-specific defaults of the fragment. */
    public record Defaults(int port, int threads, int maxConnections, int maxRequestBytes) {}

    /**
     * Adds the fragment's keys under {@code prefix} to {@code def}; {@code what} names the server in
     * the docs ("the HTTP ingest").
     */
    public static ConfigDef define(ConfigDef def, String prefix, String what, Defaults defaults) {
        String storeTypes = "PKCS12 or PEM";
        return def
                .define(prefix + HOST, Type.STRING, LOOPBACK, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Address " + what + " listens on. Loopback unless set: 0.0.0.0 exposes it on every interface.")
                .define(prefix + PORT, Type.INT, defaults.port(), Range.between(0, 65_535), Importance.HIGH,
                        "Port " + what + " listens on (0: any free port).")
                .define(prefix + THREADS, Type.INT, defaults.threads(), Range.between(4, 1_024), Importance.LOW,
                        "Server threads of " + what + " (accepting, parsing, answering). Slow or idle connections hold none.")
                .define(prefix + MAX_CONNECTIONS, Type.INT, defaults.maxConnections(), Range.atLeast(1), Importance.MEDIUM,
                        "Open connections " + what + " keeps at most; further clients wait in the accept queue.")
                .define(prefix + MAX_REQUEST_BYTES, Type.INT, defaults.maxRequestBytes(), Range.between(1_024, 64 * 1_048_576),
                        Importance.MEDIUM, "Largest request body " + what + " accepts, in bytes; larger bodies get 413.")
                .define(prefix + HEADER_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(100), Importance.LOW,
                        "A connection to " + what + " that has not sent a request's complete headers within this (after opening, "
                                + "or after its last answer when kept alive) is closed.")
                .define(prefix + READ_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(100), Importance.LOW,
                        "A request to " + what + " whose body has not fully arrived within this gets 408.")
                .define(prefix + IDLE_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(100), Importance.LOW,
                        "A connection to " + what + " without any traffic for this long is closed.")
                .define(prefix + TLS_KEYSTORE_LOCATION, Type.STRING, "", Importance.HIGH,
                        "Key store file (server key and certificate chain). Set: " + what + " speaks HTTPS only. Empty: plain HTTP.")
                .define(prefix + TLS_KEYSTORE_TYPE, Type.STRING, StoreType.PKCS12.name(), storeTypeValidator(), Importance.MEDIUM,
                        "Format of the key store: " + storeTypes + " (PEM: the certificate chain and one unencrypted PKCS#8 private key).")
                .define(prefix + TLS_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.HIGH,
                        "Password of the PKCS12 key store (and its key). Never printed.")
                .define(prefix + TLS_TRUSTSTORE_LOCATION, Type.STRING, "", Importance.MEDIUM,
                        "Trust store with the certificates (or CAs) of clients allowed to authenticate with a certificate.")
                .define(prefix + TLS_TRUSTSTORE_TYPE, Type.STRING, StoreType.PKCS12.name(), storeTypeValidator(), Importance.LOW,
                        "Format of the trust store: " + storeTypes + " (PEM: certificates).")
                .define(prefix + TLS_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW,
                        "Password of the PKCS12 trust store. Never printed.")
                .define(prefix + TLS_CLIENT_AUTH, Type.STRING, ClientAuth.NONE.name(),
                        ConfigDef.CaseInsensitiveValidString.in("NONE", "WANT", "NEED"), Importance.MEDIUM,
                        "Client certificates (needs a trust store): NONE, WANT (asked, optional) or NEED (handshake fails without one).");
    }

    private static ConfigDef.Validator storeTypeValidator() {
        return ConfigDef.CaseInsensitiveValidString.in("PKCS12", "PEM");
    }

    /** The fragment's values under {@code prefix} in a config defined with {@link #define}. */
    public static HttpServerSettings from(AbstractConfig config, String prefix) {
        String keyStore = config.getString(prefix + TLS_KEYSTORE_LOCATION).trim();
        String trustStore = config.getString(prefix + TLS_TRUSTSTORE_LOCATION).trim();
        ClientAuth clientAuth = ClientAuth.valueOf(config.getString(prefix + TLS_CLIENT_AUTH).toUpperCase(Locale.ROOT));
        Tls tls = null;
        if (!keyStore.isEmpty()) {
            if (clientAuth != ClientAuth.NONE && trustStore.isEmpty()) {
                throw new org.apache.kafka.common.config.ConfigException(prefix + TLS_TRUSTSTORE_LOCATION, trustStore,
                        "a trust store is needed to check client certificates (" + prefix + TLS_CLIENT_AUTH + "=" + clientAuth + ")");
            }
            tls = new Tls(storeType(config, prefix + TLS_KEYSTORE_TYPE), keyStore, config.getPassword(prefix + TLS_KEYSTORE_PASSWORD),
                    storeType(config, prefix + TLS_TRUSTSTORE_TYPE), trustStore.isEmpty() ? null : trustStore,
                    config.getPassword(prefix + TLS_TRUSTSTORE_PASSWORD), clientAuth);
        } else if (clientAuth != ClientAuth.NONE) {
            throw new org.apache.kafka.common.config.ConfigException(prefix + TLS_CLIENT_AUTH, clientAuth.name(),
                    "client certificates need TLS: set " + prefix + TLS_KEYSTORE_LOCATION);
        }
        return new HttpServerSettings(prefix, config.getString(prefix + HOST), config.getInt(prefix + PORT),
                config.getInt(prefix + THREADS), config.getInt(prefix + MAX_CONNECTIONS), config.getInt(prefix + MAX_REQUEST_BYTES),
                config.getLong(prefix + HEADER_TIMEOUT_MS), config.getLong(prefix + READ_TIMEOUT_MS),
                config.getLong(prefix + IDLE_TIMEOUT_MS), tls);
    }

    private static StoreType storeType(AbstractConfig config, String key) {
        return StoreType.valueOf(config.getString(key).toUpperCase(Locale.ROOT));
    }

    /** A copy listening elsewhere (the demo picks its own ports). */
    public HttpServerSettings withAddress(String newHost, int newPort) {
        return new HttpServerSettings(prefix, newHost, newPort, threads, maxConnections, maxRequestBytes, headerTimeoutMs,
                readTimeoutMs, idleTimeoutMs, tls);
    }

    public boolean isTls() {
        return tls != null;
    }
}

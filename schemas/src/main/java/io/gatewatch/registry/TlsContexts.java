package io.gatewatch.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** Builds the TLS context of the registry client from its {@code schema.registry.ssl.*} settings. */
final class TlsContexts {
    private TlsContexts() {}

    /** The configured context, or the JDK default when no store is configured. */
    static SSLContext from(RegistryClientConfig config) {
        try {
            if (!config.hasCustomTls()) {
                return SSLContext.getDefault();
            }
            TrustManager[] trust = null;
            KeyStore trustStore = load(config, RegistryClientConfig.TRUST_STORE);
            if (trustStore != null) {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trustStore);
                trust = tmf.getTrustManagers();
            }
            KeyManager[] keys = null;
            KeyStore keyStore = load(config, RegistryClientConfig.KEY_STORE);
            if (keyStore != null) {
                Password storePassword = config.getPassword(RegistryClientConfig.KEY_STORE.password());
                Password keyPassword = config.getPassword(RegistryClientConfig.SSL_KEY_PASSWORD);
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keyStore, chars(keyPassword != null ? keyPassword : storePassword));
                keys = kmf.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance(config.getString(RegistryClientConfig.SSL_PROTOCOL));
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException(RegistryClientConfig.SSL_PROTOCOL, config.getString(RegistryClientConfig.SSL_PROTOCOL),
                    "cannot build the TLS context: " + e.getMessage());
        }
    }

    /** The store {@code config} names, or null when it names none. */
    private static KeyStore load(RegistryClientConfig config, RegistryClientConfig.Store settings) {
        String location = config.getString(settings.location());
        if (location == null) {
            return null;
        }
        String key = settings.location();
        String type = config.getString(settings.type());
        Password password = config.getPassword(settings.password());
        Path path = Path.of(location);
        if (!Files.isReadable(path)) {
            throw new ConfigException(key, location, "file not found or not readable");
        }
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, chars(password));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(key, location, "cannot load the " + type + " store (wrong type or password?): "
                    + e.getMessage());
        }
    }

    private static char[] chars(Password password) {
        return password == null ? null : password.value().toCharArray();
    }
}

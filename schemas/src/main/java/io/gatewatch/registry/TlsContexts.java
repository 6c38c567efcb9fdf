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
            String trustLocation = config.getString(RegistryClientConfig.SSL_TRUSTSTORE_LOCATION);
            if (trustLocation != null) {
                KeyStore store = load(RegistryClientConfig.SSL_TRUSTSTORE_LOCATION, trustLocation,
                        config.getString(RegistryClientConfig.SSL_TRUSTSTORE_TYPE),
                        config.getPassword(RegistryClientConfig.SSL_TRUSTSTORE_PASSWORD));
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                trust = tmf.getTrustManagers();
            }
            KeyManager[] keys = null;
            String keyLocation = config.getString(RegistryClientConfig.SSL_KEYSTORE_LOCATION);
            if (keyLocation != null) {
                Password storePassword = config.getPassword(RegistryClientConfig.SSL_KEYSTORE_PASSWORD);
                KeyStore store = load(RegistryClientConfig.SSL_KEYSTORE_LOCATION, keyLocation,
                        config.getString(RegistryClientConfig.SSL_KEYSTORE_TYPE), storePassword);
                Password keyPassword = config.getPassword(RegistryClientConfig.SSL_KEY_PASSWORD);
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, chars(keyPassword != null ? keyPassword : storePassword));
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

    private static KeyStore load(String key, String location, String type, Password password) {
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

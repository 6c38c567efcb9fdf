package io.gatewatch.http;

import io.gatewatch.http.HttpServerSettings.StoreType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Loads the key and trust stores of {@link HttpServerSettings.Tls}: PKCS12 files as they are, PEM
 * files (certificates, and for a key store one unencrypted PKCS#8 {@code PRIVATE KEY} block, RSA or
 * EC) into an in-memory PKCS12 store. A store that cannot be read fails start-up naming its key.
 */
public final class KeyStores {
    /** The password of the in-memory stores made from PEM files (never leaves this JVM). */
    public static final char[] PEM_STORE_PASSWORD = "gatewatch-pem".toCharArray();
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private KeyStores() {}

    /** The key store: the server's private key and certificate chain. */
    public static KeyStore keyStore(StoreType type, String location, Password password, String key) {
        return type == StoreType.PEM ? pemKeyStore(location, key) : pkcs12(location, password, key);
    }

    /** The trust store: the certificates (or CAs) clients may present. */
    public static KeyStore trustStore(StoreType type, String location, Password password, String key) {
        if (type == StoreType.PKCS12) {
            return pkcs12(location, password, key);
        }
        try {
            KeyStore store = emptyStore();
            int i = 0;
            for (Certificate certificate : certificates(Files.readAllBytes(Path.of(location)))) {
                store.setCertificateEntry("trusted-" + i++, certificate);
            }
            if (i == 0) {
                throw new ConfigException(key, location, "no CERTIFICATE block in the PEM file");
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(key, location, "cannot read the PEM trust store: " + e.getMessage());
        }
    }

    /** The password of a loaded store: the configured one, or the fixed one of a PEM-made store. */
    public static char[] password(StoreType type, Password password) {
        if (type == StoreType.PEM) {
            return PEM_STORE_PASSWORD.clone();
        }
        return password == null ? new char[0] : password.value().toCharArray();
    }

    private static KeyStore pkcs12(String location, Password password, String key) {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password(StoreType.PKCS12, password));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(key, location, "cannot read the PKCS12 store (wrong password or not PKCS12?): " + e.getMessage());
        }
    }

    private static KeyStore pemKeyStore(String location, String key) {
        try {
            byte[] pem = Files.readAllBytes(Path.of(location));
            Matcher matcher = PRIVATE_KEY.matcher(new String(pem, StandardCharsets.US_ASCII));
            if (!matcher.find()) {
                throw new ConfigException(key, location, "no unencrypted PKCS#8 'PRIVATE KEY' block in the PEM file");
            }
            PrivateKey privateKey = privateKey(Base64.getMimeDecoder().decode(matcher.group(1)));
            Certificate[] chain = certificates(pem).toArray(Certificate[]::new);
            if (chain.length == 0) {
                throw new ConfigException(key, location, "no CERTIFICATE block in the PEM file");
            }
            KeyStore store = emptyStore();
            store.setKeyEntry("server", privateKey, PEM_STORE_PASSWORD, chain);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(key, location, "cannot read the PEM key store: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    private static Collection<? extends Certificate> certificates(byte[] pem) throws GeneralSecurityException {
        // CertificateFactory skips text outside BEGIN/END CERTIFICATE blocks, but not a key block between them
        String text = PRIVATE_KEY.matcher(new String(pem, StandardCharsets.US_ASCII)).replaceAll("");
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            return java.util.List.of();
        }
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }
}

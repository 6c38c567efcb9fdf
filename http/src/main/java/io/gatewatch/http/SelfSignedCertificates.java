package io.gatewatch.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate and key made with the JDK's own {@code keytool} (no extra library), for
 * tests, the ingest benchmark and local trials: PKCS12 and PEM copies of the key store, a PEM copy
 * of the certificate to trust, and an {@link SSLContext} for a client. Valid for
 * {@code localhost} and {@code 127.0.0.1}. Not for production: there, certificates come from the
 * deployment's CA.
 *
 * @param pkcs12   key store (key and certificate) as PKCS12, password {@link #password()}
 * @param pem      the same key (unencrypted PKCS#8) and certificate as PEM
 * @param certificatePem the certificate alone, PEM: a trust store for whoever should trust it
 * @param password the PKCS12 password
 */
public record SelfSignedCertificates(Path pkcs12, Path pem, Path certificatePem, String password) {
    private static final String ALIAS = "gatewatch";

    /** Generates one identity named {@code name} (its CN) into {@code directory}. */
    public static SelfSignedCertificates generate(Path directory, String name) {
        try {
            Files.createDirectories(directory);
            Path p12 = directory.resolve(name + ".p12");
            Files.deleteIfExists(p12);
            String password = "changeit-" + name;
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
                    "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "30", "-dname", "CN=" + name,
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", p12.toString(),
                    "-storepass", password, "-keypass", password)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed to generate a key pair for " + name);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(p12)) {
                store.load(in, password.toCharArray());
            }
            Certificate certificate = store.getCertificate(ALIAS);
            String certPem = pem("CERTIFICATE", certificate.getEncoded());
            String keyPem = pem("PRIVATE KEY", store.getKey(ALIAS, password.toCharArray()).getEncoded());
            Path pemFile = directory.resolve(name + ".pem");
            Files.writeString(pemFile, keyPem + certPem, StandardCharsets.US_ASCII);
            Path certFile = directory.resolve(name + "-cert.pem");
            Files.writeString(certFile, certPem, StandardCharsets.US_ASCII);
            return new SelfSignedCertificates(p12, pemFile, certFile, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /**
     * A client TLS context trusting {@code trusted} (the server's certificates) and, when
     * {@code identity} is given, presenting that identity's certificate.
     */
    public static SSLContext clientContext(SelfSignedCertificates identity, SelfSignedCertificates... trusted) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            List<Certificate> certificates = new ArrayList<>();
            for (SelfSignedCertificates t : trusted) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (var in = Files.newInputStream(t.pkcs12())) {
                    store.load(in, t.password().toCharArray());
                }
                certificates.add(store.getCertificate(ALIAS));
            }
            for (int i = 0; i < certificates.size(); i++) {
                trust.setCertificateEntry("trusted-" + i, certificates.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (identity != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                try (var in = Files.newInputStream(identity.pkcs12())) {
                    keys.load(in, identity.password().toCharArray());
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, identity.password().toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

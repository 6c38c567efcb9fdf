package io.gatewatch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code schema.registry.ssl.*} settings against real TLS on loopback: a self-signed
 * certificate made with the JDK's keytool, trusted through the configured trust store, and
 * presented by the client from the configured key store where the server demands mutual TLS.
 */
class RegistryClientTlsTest {
    private static final String PASSWORD = "changeit";
    private static final Schema STRING = Schema.create(Schema.Type.STRING);

    @TempDir
    static Path dir;
    private static Path keyStore;
    private static Path trustStore;
    private static final List<StubHttpServer> STUBS = new ArrayList<>();

    @BeforeAll
    static void makeCertificate() throws Exception {
        keyStore = dir.resolve("registry.p12");
        trustStore = dir.resolve("trust.p12");
        Path cert = dir.resolve("registry.pem");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "registry", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", PASSWORD);
    }

    @AfterAll
    static void stopStubs() {
        STUBS.forEach(StubHttpServer::close);
    }

    @Test
    void shouldTalkToARegistryWhoseCertificateIsInTheConfiguredTrustStore() throws Exception {
        StubHttpServer registry = stub(false);

        CachedSchemaRegistryClient client = client(registry, Map.of(
                "schema.registry.ssl.truststore.location", trustStore.toString(),
                "schema.registry.ssl.truststore.password", PASSWORD,
                "schema.registry.ssl.truststore.type", "PKCS12"));

        assertThat(client.register("tls-key", STRING)).isEqualTo(1);
    }

    @Test
    void shouldRefuseARegistryWhoseCertificateIsNotTrusted() throws Exception {
        StubHttpServer registry = stub(false);

        CachedSchemaRegistryClient client = client(registry, Map.of());

        assertThatThrownBy(() -> client.register("tls-key", STRING)).isInstanceOf(SchemaRegistryException.Unreachable.class);
        assertThat(registry.requestCount()).isZero();
    }

    @Test
    void shouldPresentTheConfiguredKeyStoreToARegistryDemandingMutualTls() throws Exception {
        StubHttpServer registry = stub(true);
        Map<String, Object> trust = Map.of(
                "schema.registry.ssl.truststore.location", trustStore.toString(),
                "schema.registry.ssl.truststore.password", PASSWORD,
                "schema.registry.ssl.truststore.type", "PKCS12");
        Map<String, Object> withKey = new HashMap<>(trust);
        withKey.putAll(Map.of(
                "schema.registry.ssl.keystore.location", keyStore.toString(),
                "schema.registry.ssl.keystore.password", PASSWORD,
                "schema.registry.ssl.keystore.type", "PKCS12"));

        assertThat(client(registry, withKey).register("mtls-key", STRING)).isEqualTo(1);
        assertThatThrownBy(() -> client(registry, trust).register("mtls-key", STRING))
                .isInstanceOf(SchemaRegistryException.Unreachable.class);
    }

    private static CachedSchemaRegistryClient client(StubHttpServer registry, Map<String, Object> tls) {
        Map<String, Object> config = new HashMap<>(tls);
        config.put("schema.registry.url", registry.url());
        config.put("max.retries", 0);
        return new CachedSchemaRegistryClient(new RegistryClientConfig(config), System::nanoTime, millis -> {});
    }

    private static StubHttpServer stub(boolean needClientAuth) throws Exception {
        KeyStore keys = load(keyStore);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD.toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(trustStore));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        StubHttpServer stub = StubHttpServer.startTls(context, needClientAuth);
        STUBS.add(stub);
        return stub;
    }

    private static KeyStore load(Path path) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}

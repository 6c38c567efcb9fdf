package io.gatewatch.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared server over real sockets: TLS handshakes with generated certificates, client certificates, timeouts. */
class HttpEndpointIT {
    private static final String PREFIX = "test.";
    private static final ConfigDef DEF = HttpServerSettings.define(new ConfigDef(), PREFIX, "the test server",
            new HttpServerSettings.Defaults(0, 8, 64, 4_096));

    @TempDir
    static Path dir;
    private static SelfSignedCertificates server;
    private static SelfSignedCertificates device;
    private static SelfSignedCertificates stranger;

    @BeforeAll
    static void certificates() {
        server = SelfSignedCertificates.generate(dir, "localhost");
        device = SelfSignedCertificates.generate(dir, "device-fleet-7");
        stranger = SelfSignedCertificates.generate(dir, "stranger");
    }

    /** Answers 200 with the client certificate's subject, or "anonymous". */
    private static Handler whoAmI() {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Responses.text(response, callback, 200, HttpEndpoint.clientCertificateSubject(request).orElse("anonymous"));
                return true;
            }
        };
    }

    private static HttpServerSettings settings(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(overrides);
        return HttpServerSettings.from(new AbstractConfig(DEF, props, false), PREFIX);
    }

    private static HttpResponse<String> get(HttpEndpoint endpoint, SSLContext tls) throws Exception {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            client.sslContext(tls);
        }
        return client.build().send(HttpRequest.newBuilder(endpoint.uri().resolve("/who")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServeHttpsFromAPkcs12KeyStore() throws Exception {
        // given
        HttpServerSettings tls = settings(Map.of(PREFIX + "tls.keystore.location", server.pkcs12().toString(),
                PREFIX + "tls.keystore.password", server.password()));

        try (HttpEndpoint endpoint = HttpEndpoint.start("pkcs12", tls, whoAmI())) {
            // when
            HttpResponse<String> response = get(endpoint, SelfSignedCertificates.clientContext(null, server));

            // then
            assertThat(endpoint.uri().getScheme()).isEqualTo("https");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("anonymous");
        }
    }

    @Test
    void shouldAuthenticateADeviceByItsCertificateWithPemStores() throws Exception {
        // given a PEM key store, a PEM trust store holding the fleet's certificate, and client certificates required
        HttpServerSettings tls = settings(Map.of(PREFIX + "tls.keystore.type", "PEM",
                PREFIX + "tls.keystore.location", server.pem().toString(),
                PREFIX + "tls.truststore.type", "PEM", PREFIX + "tls.truststore.location", device.certificatePem().toString(),
                PREFIX + "tls.client.auth", "need"));

        try (HttpEndpoint endpoint = HttpEndpoint.start("pem", tls, whoAmI())) {
            // when
            HttpResponse<String> response = get(endpoint, SelfSignedCertificates.clientContext(device, server));

            // then
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("CN=device-fleet-7");
        }
    }

    @Test
    void shouldFailTheHandshakeOfAClientWithoutATrustedCertificateWhenOneIsNeeded() {
        HttpServerSettings tls = settings(Map.of(PREFIX + "tls.keystore.location", server.pkcs12().toString(),
                PREFIX + "tls.keystore.password", server.password(),
                PREFIX + "tls.truststore.type", "PEM", PREFIX + "tls.truststore.location", device.certificatePem().toString(),
                PREFIX + "tls.client.auth", "NEED"));

        try (HttpEndpoint endpoint = HttpEndpoint.start("need", tls, whoAmI())) {
            assertThatThrownBy(() -> get(endpoint, SelfSignedCertificates.clientContext(null, server))).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> get(endpoint, SelfSignedCertificates.clientContext(stranger, server))).isInstanceOf(IOException.class);
        }
    }

    @Test
    void shouldRefuseClientCertificatesWithoutTls() {
        assertThatThrownBy(() -> settings(Map.of(PREFIX + "tls.client.auth", "WANT")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(PREFIX + "tls.client.auth");
    }

    @Test
    void shouldNameTheKeyOfAKeyStoreThatCannotBeRead() {
        HttpServerSettings tls = settings(Map.of(PREFIX + "tls.keystore.location", server.pkcs12().toString(),
                PREFIX + "tls.keystore.password", "wrong-password"));

        assertThatThrownBy(() -> HttpEndpoint.start("wrong", tls, whoAmI()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(PREFIX + "tls.keystore.location")
                .hasMessageNotContaining("wrong-password");
    }

    @Test
    void shouldListenOnLoopbackUnlessConfigured() {
        assertThat(settings(Map.of()).host()).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldCloseAConnectionThatHasNotSentItsHeadersWithinTheHeaderTimeout() throws Exception {
        // given a header timeout far shorter than the idle timeout
        try (HttpEndpoint endpoint = HttpEndpoint.start("slow", shortHeaderTimeout(), whoAmI()); Socket socket = connectTo(endpoint)) {
            // when the client sends half a request and waits
            send(socket, "GET /who HTTP/1.1\r\nHost: x\r\n");
            InputStream in = socket.getInputStream();

            // then the server ends the connection without serving the request
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).doesNotContain("anonymous");
            assertThat(answer).satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 4"));
        }
    }

    @Test
    void shouldCloseAKeptAliveConnectionWhoseNextRequestsHeadersDoNotArriveWithinTheHeaderTimeout() throws Exception {
        // given a header timeout far shorter than the idle timeout, and a connection that was served once
        try (HttpEndpoint endpoint = HttpEndpoint.start("keep-alive", shortHeaderTimeout(), whoAmI()); Socket socket = connectTo(endpoint)) {
            send(socket, "GET /who HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = socket.getInputStream();
            String first = readUntil(in, "anonymous");
            assertThat(first).startsWith("HTTP/1.1 200");

            // when it sends half of its next request and waits
            send(socket, "GET /who HTTP/1.1\r\nHost: x\r\n");

            // then the server ends the connection without serving the second request
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).doesNotContain("anonymous");
        }
    }

    /** A header timeout (300 ms) far shorter than the idle timeout (2 min). */
    private static HttpServerSettings shortHeaderTimeout() {
        return settings(Map.of(PREFIX + "header.timeout.ms", 300L, PREFIX + "idle.timeout.ms", 120_000L));
    }

    /** A raw connection to the endpoint, for requests no HTTP client would send. */
    private static Socket connectTo(HttpEndpoint endpoint) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", endpoint.port()), 5_000);
        socket.setSoTimeout(60_000);
        return socket;
    }

    private static void send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            text.append((char) b);
        }
        return text.toString();
    }

    @Test
    void shouldNameThePortKeyWhenThePortIsTaken() {
        try (HttpEndpoint first = HttpEndpoint.start("first", settings(Map.of()), whoAmI())) {
            HttpServerSettings same = settings(Map.of(PREFIX + "port", first.port()));

            assertThatThrownBy(() -> HttpEndpoint.start("second", same, whoAmI()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining(PREFIX + "port");
        }
    }
}

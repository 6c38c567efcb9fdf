package io.gatewatch.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A tiny scripted HTTP(S) server on 127.0.0.1 standing in for a registry or a proxy in front of
 * one: answers with queued responses (then a fallback), records every request, and can hold
 * requests to provoke client timeouts. Closing it releases held requests.
 */
final class StubHttpServer implements AutoCloseable {
    record Answer(int status, String contentType, String body) {
        static Answer json(int status, String body) {
            return new Answer(status, "application/vnd.schemaregistry.v1+json", body);
        }

        static Answer html(int status, String body) {
            return new Answer(status, "text/html", body);
        }
    }

    record Request(String method, String path, String authorization, String contentType, String accept, String body) {}

    private final HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Answer fallback = Answer.json(200, "{\"id\": 1}");
    private volatile boolean hold;

    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "stub-registry");
        thread.setDaemon(true);
        return thread;
    });

    private StubHttpServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static StubHttpServer start() {
        try {
            return new StubHttpServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTPS stub; with {@code needClientAuth} it accepts only clients presenting a trusted certificate. */
    static StubHttpServer startTls(SSLContext context, boolean needClientAuth) {
        try {
            HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            https.setHttpsConfigurator(new HttpsConfigurator(context) {
                @Override
                public void configure(HttpsParameters params) {
                    // setNeedClientAuth alone is ignored by the JDK server; SSLParameters are applied
                    SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                    ssl.setNeedClientAuth(needClientAuth);
                    params.setSSLParameters(ssl);
                }
            });
            return new StubHttpServer(https);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized StubHttpServer thenAnswer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    StubHttpServer otherwiseAnswer(Answer answer) {
        this.fallback = answer;
        return this;
    }

    /** Never answer (until closed): the client's read timeout must fire. */
    StubHttpServer holdRequests() {
        this.hold = true;
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    int requestCount() {
        return requests.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Accept"), body));
        if (hold) {
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        Answer answer;
        synchronized (this) {
            answer = script.isEmpty() ? fallback : script.poll();
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}

package io.gatewatch.bench.ingest;

import io.gatewatch.embedded.EmbeddedKafka;
import io.gatewatch.http.SelfSignedCertificates;
import io.gatewatch.producers.http.HttpIngestConfig;
import io.gatewatch.producers.http.HttpIngestServer;
import io.gatewatch.producers.json.IngestCommonConfig;
import io.gatewatch.producers.json.ScanPublisher;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.HdrHistogram.Recorder;

/**
 * The HTTP ingest under load, measured (issue 15): scans/s through {@code POST /v1/scans:batch}
 * over TLS (certificates generated for the run), p50/p99 request latency, while 200 slow clients
 * hold half-sent requests open; beside it, the plain Kafka producer rate of the same scans on the
 * same machine (the ingest's own {@link ScanPublisher}, no HTTP). Broker, ingest and load
 * generator share this JVM and the machine's cores: the figures are for one box, not a cluster.
 *
 * <p>Usage: {@code bench/ingest [--seconds 20] [--clients 16] [--batch 100] [--slow 200]}; writes
 * {@code bench/results/ingest-latest.md}.
 */
public final class IngestBench {
    private static final String TOKEN = "bench-token-0123456789abcdef";
    private static final String PERSON_TOKEN = "q6V7m3rJ8b2mQh1sJ0y3xg8vR5kTzLpW4nC9dE2fGhA";

    private IngestBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = new HashMap<>(Map.of("seconds", 20, "clients", 16, "batch", 100, "slow", 200));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), Integer.parseInt(args[i + 1]));
        }
        int seconds = options.get("seconds");
        int clients = options.get("clients");
        int batch = options.get("batch");
        int slow = options.get("slow");
        Path dir = Files.createTempDirectory("gatewatch-ingest-bench");
        SelfSignedCertificates server = SelfSignedCertificates.generate(dir.resolve("tls"), "localhost");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            kafka.createTopic(Topics.SCANS, 6, Map.of());
            kafka.createTopic(Topics.SCANS_REJECTED, 1, Map.of());
            Map<String, Object> props = new HashMap<>();
            props.put(HttpIngestConfig.HOST, "127.0.0.1");
            props.put(HttpIngestConfig.PORT, 0);
            props.put(HttpIngestConfig.CLIENTS, "bench");
            props.put("http.client.bench.token", TOKEN);
            props.put("http.client.bench.sources", "PHONE_APP");
            props.put("http.tls.keystore.location", server.pkcs12().toString());
            props.put("http.tls.keystore.password", server.password());
            props.put(HttpIngestConfig.MAX_INFLIGHT_RECORDS, 100_000);
            props.put(HttpIngestConfig.MAX_INFLIGHT_REQUESTS, 1_024);
            props.put(IngestCommonConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            props.put(IngestCommonConfig.SCHEMA_REGISTRY_URL, "mock://ingest-bench");
            props.put(IngestCommonConfig.PSEUDONYM_SECRET, "bench-secret-0123456789abcdef");
            props.put("kafka.producer.linger.ms", 5);
            HttpIngestConfig config = new HttpIngestConfig(props);

            double producerRate = producerRate(config, Math.max(200_000, batch * 2_000));
            Result http;
            try (HttpIngestServer ingest = HttpIngestServer.start(config, new SimpleMeterRegistry());
                 SlowClients slowClients = new SlowClients(ingest.uri().getPort(), slow, SelfSignedCertificates.clientContext(null, server))) {
                SSLContext tls = SelfSignedCertificates.clientContext(null, server);
                run(ingest, tls, clients, batch, 3); // warm-up
                http = run(ingest, tls, clients, batch, seconds);
                http = http.withSlow(slowClients.openCount());
            }
            String report = report(http, producerRate, clients, batch, slow);
            System.out.println(report);
            Path out = Path.of("bench/results/ingest-latest.md");
            if (Files.isDirectory(out.getParent())) {
                Files.writeString(out, report, StandardCharsets.UTF_8);
            }
        }
    }

    private record Result(long scans, long requests, long failures, double seconds, double p50Ms, double p99Ms, double maxMs,
                          int slowOpen, double loadAverage) {
        Result withSlow(int open) {
            return new Result(scans, requests, failures, seconds, p50Ms, p99Ms, maxMs, open, loadAverage);
        }
    }

    /** The same scans straight into the ingest's publisher: what Kafka alone takes on this machine. */
    private static double producerRate(HttpIngestConfig config, int count) {
        ScanPublisher publisher = IngestCommonConfig.publisher(config);
        try {
            for (int round = 0; round < 2; round++) { // the first round warms up
                long start = System.nanoTime();
                List<CompletableFuture<?>> sends = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    sends.add(publisher.publish(scan("p" + round + "-" + i)));
                }
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
                if (round == 1) {
                    return count / ((System.nanoTime() - start) / 1e9);
                }
            }
            throw new IllegalStateException();
        } finally {
            publisher.close(Duration.ofSeconds(5));
        }
    }

    private static ScanEvent scan(String eventId) {
        return ScanEvent.newBuilder().setEventId(eventId).setSource(ScanSource.PHONE_APP).setDeviceId("app-" + (eventId.hashCode() & 1023))
                .setVillageCode("330110001001").setPersonToken(PERSON_TOKEN).setScannedAt(Instant.now())
                .setHealthCode(HealthCodeColour.GREEN).build();
    }

    private static Result run(HttpIngestServer ingest, SSLContext tls, int clients, int batch, int seconds) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Recorder latency = new Recorder(3);
        AtomicLong scans = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        String prefix = Long.toString(System.nanoTime(), 36);
        AtomicLong ids = new AtomicLong();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            threads.execute(() -> {
                while (!stop.get()) {
                    String body = body(prefix, ids, batch);
                    HttpRequest request = HttpRequest.newBuilder(ingest.uri().resolve(HttpIngestServer.BATCH_PATH))
                            .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        latency.recordValue(Math.max(1, (System.nanoTime() - sent) / 1_000));
                        requests.incrementAndGet();
                        if (response.statusCode() == 202) {
                            scans.addAndGet(batch);
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
        Thread.sleep(seconds * 1_000L);
        stop.set(true);
        threads.shutdown();
        threads.awaitTermination(60, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        var histogram = latency.getIntervalHistogram();
        return new Result(scans.get(), requests.get(), failures.get(), elapsed, histogram.getValueAtPercentile(50) / 1_000.0,
                histogram.getValueAtPercentile(99) / 1_000.0, histogram.getMaxValue() / 1_000.0, 0,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String body(String prefix, AtomicLong ids, int batch) {
        long now = System.currentTimeMillis();
        StringBuilder json = new StringBuilder(batch * 200).append('[');
        for (int i = 0; i < batch; i++) {
            long id = ids.incrementAndGet();
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"eventId\":\"").append(prefix).append('-').append(id)
                    .append("\",\"source\":\"PHONE_APP\",\"deviceId\":\"app-").append(id & 1023)
                    .append("\",\"villageCode\":\"330110001001\",\"personToken\":\"").append(PERSON_TOKEN)
                    .append("\",\"scannedAt\":").append(now).append(",\"healthCode\":\"GREEN\"}");
        }
        return json.append(']').toString();
    }

    private static String report(Result r, double producerRate, int clients, int batch, int slow) {
        int cores = Runtime.getRuntime().availableProcessors();
        return "# HTTP ingest benchmark (bench/ingest)\n\n"
                + "Run " + Instant.now() + ", " + cores + " cores, load average " + String.format("%.1f", r.loadAverage())
                + " at the end (other processes share the cores); broker, ingest and load generator in one JVM.\n\n"
                + "| what | figure |\n| --- | --- |\n"
                + "| scans/s through POST /v1/scans:batch over TLS | " + Math.round(r.scans() / r.seconds()) + " |\n"
                + "| requests/s (batches of " + batch + ", " + clients + " concurrent clients) | " + Math.round(r.requests() / r.seconds()) + " |\n"
                + "| request latency p50 / p99 / max | " + String.format("%.1f / %.1f / %.1f ms", r.p50Ms(), r.p99Ms(), r.maxMs()) + " |\n"
                + "| requests not answered 202 | " + r.failures() + " |\n"
                + "| slow clients attached (half-sent requests, reconnecting when closed) | " + slow + " (" + r.slowOpen() + " open at the end) |\n"
                + "| plain Kafka producer, same scans, same machine (ScanPublisher, no HTTP) | " + Math.round(producerRate) + " scans/s |\n"
                + "| measured for | " + String.format("%.0f s", r.seconds()) + " |\n";
    }

    /**
     * Clients that complete a TLS handshake, send half a request's headers and then dribble a header
     * line a second, reconnecting whenever the server closes them (the header timeout does).
     */
    private static final class SlowClients implements AutoCloseable {
        private final List<SSLSocket> sockets = new ArrayList<>();
        private final int port;
        private final SSLContext tls;
        private final Thread dribbler;
        private volatile boolean closed;

        SlowClients(int port, int count, SSLContext tls) {
            this.port = port;
            this.tls = tls;
            for (int i = 0; i < count; i++) {
                sockets.add(open());
            }
            dribbler = new Thread(this::dribble, "slow-clients");
            dribbler.setDaemon(true);
            dribbler.start();
        }

        private SSLSocket open() {
            try {
                SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
                socket.startHandshake();
                socket.getOutputStream().write("POST /v1/scans:batch HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                return socket;
            } catch (IOException e) {
                return null;
            }
        }

        private void dribble() {
            while (!closed) {
                for (int i = 0; i < sockets.size() && !closed; i++) {
                    SSLSocket socket = sockets.get(i);
                    try {
                        OutputStream out = socket.getOutputStream();
                        out.write("X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (IOException | NullPointerException e) {
                        closeQuietly(socket);
                        sockets.set(i, open());
                    }
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        int openCount() {
            return (int) sockets.stream().filter(s -> s != null && !s.isClosed()).count();
        }

        private static void closeQuietly(SSLSocket socket) {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // a slow client going away
            }
        }

        @Override
        public void close() {
            closed = true;
            dribbler.interrupt();
            sockets.forEach(SlowClients::closeQuietly);
        }
    }
}

package io.gatewatch.bench.chaos;

import io.gatewatch.embedded.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Broker restarts after {@code kill -9} in the middle of transactions (RELIABILITY.md, "Broker
 * restarts"), run by hand with {@code bench/broker-restart}: per cycle a broker in its own JVM
 * ({@link BrokerMain}, kept data directory) while a transactional producer commits records and
 * consumer-group offsets in a loop, as a Kafka Streams task does; a seeded {@code kill -9}; a
 * restart on the same data; then whether anything stayed open: partitions whose last stable offset
 * lags their end, and whether the group's offsets can be read by a read_committed consumer. The
 * broker's log says per cycle whether the coordinator skipped markers ("likely deleted") and
 * whether GateWatch aborted a hanging transaction. Writes {@code bench/results/broker-restart-<utc>.md}.
 */
public final class BrokerRestartRun {
    private static final String TOPIC = "restart.txn";
    private static final String GROUP = "restart-txn-group";
    private static final int PARTITIONS = 4;
    private static final List<TopicPartition> TOPIC_PARTITIONS = IntStream.range(0, PARTITIONS)
            .mapToObj(p -> new TopicPartition(TOPIC, p)).toList();
    private static final String LOGBACK = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
              </appender>
              <logger name="kafka.coordinator.transaction" level="INFO"/>
              <logger name="io.gatewatch" level="INFO"/>
              <root level="ERROR"><appender-ref ref="OUT"/></root>
            </configuration>
            """;

    private BrokerRestartRun() {}

    record Cycle(int number, long killAfterMs, boolean markersSkipped, boolean aborted, int openPartitions, boolean offsetsReadable) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (List.of(args).contains("--help")) {
            System.out.println("bench/broker-restart [--cycles 20] [--seed 1] [--output bench/results]");
            return;
        }
        int cycles = Integer.parseInt(a.getOrDefault("cycles", "20"));
        Random random = new Random(Long.parseLong(a.getOrDefault("seed", "1")));
        Path work = Files.createTempDirectory("gatewatch-broker-restart-");
        Path logback = work.resolve("logback.xml");
        Files.writeString(logback, LOGBACK);
        List<Cycle> results = new ArrayList<>();
        for (int n = 1; n <= cycles; n++) {
            Cycle cycle = cycle(n, 3_000 + random.nextInt(4_000), work.resolve("cycle-" + n), logback);
            results.add(cycle);
            System.out.println(cycle);
        }
        Path report = report(results, Path.of(a.getOrDefault("output", "bench/results")));
        System.out.println("report " + report);
    }

    private static Cycle cycle(int number, long killAfterMs, Path dir, Path logback) throws Exception {
        Files.createDirectories(dir);
        int port = FreePorts.loopback();
        String bootstrap = "127.0.0.1:" + port;
        // the broker's log level comes from the cycle's logback file: the coordinator's INFO lines say whether it skipped markers
        ChaosProcess broker = new ChaosProcess("broker", BrokerMain.class.getName(), List.of(dir.resolve("kafka").toString(), String.valueOf(port)),
                Map.of("JAVA_TOOL_OPTIONS", "-Dlogback.configurationFile=" + logback), dir, "384m");
        broker.start();
        broker.awaitLog(BrokerMain.READY, Duration.ofMinutes(2));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread committer = new Thread(() -> commitInALoop(bootstrap, stop), "transactions");
        committer.start();
        Thread.sleep(killAfterMs);
        broker.kill(true);
        stop.set(true);
        committer.join(TimeUnit.SECONDS.toMillis(30));

        broker.start();
        try {
            broker.awaitLog(BrokerMain.READY, Duration.ofMinutes(2));
            int open = openPartitions(bootstrap);
            boolean readable = offsetsReadable(bootstrap);
            String output = broker.latestStartOutput();
            return new Cycle(number, killAfterMs, output.contains("likely deleted"), output.contains("Aborted what the last run left"),
                    open, readable);
        } finally {
            broker.kill(true);
        }
    }

    /** Commits a record to each partition and the group's offsets per transaction, as a Streams task does, until stopped or killed. */
    private static void commitInALoop(String bootstrap, AtomicBoolean stop) {
        Map<String, Object> props = Map.of("bootstrap.servers", bootstrap, "transactional.id", "restart-txn",
                "transaction.timeout.ms", 10_000, "max.block.ms", 5_000, "delivery.timeout.ms", 5_000, "request.timeout.ms", 4_000);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        try {
            producer.initTransactions();
            long n = 0;
            while (!stop.get()) {
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (TopicPartition partition : TOPIC_PARTITIONS) {
                    producer.send(new ProducerRecord<>(TOPIC, partition.partition(), null, new byte[100]));
                    offsets.put(partition, new OffsetAndMetadata(++n));
                }
                producer.sendOffsetsToTransaction(offsets, new ConsumerGroupMetadata(GROUP));
                producer.commitTransaction();
            }
        } catch (RuntimeException e) {
            // the broker was killed under it: expected
        } finally {
            producer.close(Duration.ZERO); // no broker to finish with
        }
    }

    /** Partitions whose last stable offset still lags their end 20 s after the restart (a transaction left open). */
    private static int openPartitions(String bootstrap) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = TOPIC_PARTITIONS.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (true) {
                var committed = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
                var all = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
                int open = (int) latest.keySet().stream().filter(tp -> committed.get(tp).offset() < all.get(tp).offset()).count();
                if (open == 0 || System.nanoTime() > deadline) {
                    return open;
                }
                Thread.sleep(500);
            }
        }
    }

    /** Whether a read_committed consumer of the group gets its committed offsets within 30 s (not UNSTABLE_OFFSET_COMMIT). */
    private static boolean offsetsReadable(String bootstrap) {
        Map<String, Object> props = Map.of("bootstrap.servers", bootstrap, "group.id", GROUP, "isolation.level", "read_committed",
                "enable.auto.commit", false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.committed(Set.copyOf(TOPIC_PARTITIONS), Duration.ofSeconds(30));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Path report(List<Cycle> cycles, Path dir) throws IOException {
        Files.createDirectories(dir);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        StringBuilder md = new StringBuilder("# Broker restarts after kill -9 during transactions, " + stamp + "\n\n")
                .append("Made by `bench/broker-restart` (io.gatewatch.bench.chaos.BrokerRestartRun). A cycle: broker JVM, a "
                        + "transactional producer committing records and group offsets in a loop, `kill -9` after the given delay, "
                        + "restart on the same data, then: did the coordinator skip markers, did GateWatch abort a hanging "
                        + "transaction, partitions still holding a transaction open 20 s after the restart, group offsets readable "
                        + "by a read_committed consumer.\n\n")
                .append("| cycle | kill after ms | markers skipped | aborted by GateWatch | partitions left open | offsets readable |\n")
                .append("|---:|---:|---|---|---:|---|\n");
        for (Cycle c : cycles) {
            md.append("| ").append(c.number()).append(" | ").append(c.killAfterMs()).append(" | ").append(c.markersSkipped() ? "yes" : "no")
                    .append(" | ").append(c.aborted() ? "yes" : "no").append(" | ").append(c.openPartitions()).append(" | ")
                    .append(c.offsetsReadable() ? "yes" : "**no**").append(" |\n");
        }
        long skipped = cycles.stream().filter(Cycle::markersSkipped).count();
        long aborted = cycles.stream().filter(Cycle::aborted).count();
        long leftOpen = cycles.stream().filter(c -> c.openPartitions() > 0 || !c.offsetsReadable()).count();
        md.append("\nCycles: ").append(cycles.size()).append("; markers skipped: ").append(skipped).append("; aborted by GateWatch: ")
                .append(aborted).append("; cycles with a transaction left open: ").append(leftOpen).append(".\n");
        Path file = dir.resolve("broker-restart-" + stamp + ".md");
        Files.writeString(file, md);
        return file;
    }
}

package io.gatewatch.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker (KRaft, combined broker+controller, single node) running in this JVM,
 * for the one-command local stack and the integration tests. Not a mock: clients speak the real
 * protocol to it over loopback TCP.
 *
 * <p>Kafka's server classes used here are internal, not public API; this class is the only place
 * that touches them. The data directory is either owned (a fresh temp directory, deleted on
 * {@link #close()}) or given (kept, so a restart resumes with the same topics and offsets).
 * {@link #stop()} and {@link #restart()} keep port and data, for tests that take the broker away.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String CLUSTER_ID_FILE = "gatewatch-cluster-id";
    private static final int BIND_ATTEMPTS = 5;
    private static final String WARM_UP_ID = "gatewatch-embedded-coordinator-check";

    private final Path dataDir;
    private final boolean ownsDataDir;
    private int port;
    private int controllerPort;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, boolean ownsDataDir, int port) {
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.port = port;
    }

    /** Starts a broker on an ephemeral port with a fresh temporary data directory. */
    public static EmbeddedKafka start() {
        return start(Directories.temporary("gatewatch-kafka-"), 0, true);
    }

    /**
     * Starts a broker on {@code port} (0 = ephemeral) keeping its data in {@code dataDir}, which
     * is created if missing and reused if it holds an earlier run's data.
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, false);
    }

    private static EmbeddedKafka start(Path dataDir, int port, boolean owned) {
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir, owned, port);
        kafka.startServer();
        return kafka;
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean isRunning() {
        return server != null;
    }

    /** Creates a topic (replication factor 1) unless it exists, and waits until every partition answers. */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)));
    }

    /**
     * Creates topics that do not exist yet and waits until {@code listOffsets} succeeds on every
     * partition: right after creation an idempotent producer can otherwise stall on
     * NOT_LEADER_OR_FOLLOWER / OUT_OF_ORDER_SEQUENCE_NUMBER (see KAFKA-NOTES.md).
     */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = admin()) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + topic.name(), e.getCause());
                    }
                }
            }
            awaitPartitionsReady(admin, topics.stream().collect(Collectors.toMap(NewTopic::name, NewTopic::numPartitions)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Timed out creating topics", e);
        }
    }

    private static void awaitPartitionsReady(Admin admin, Map<String, Integer> partitions) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> request = partitions.entrySet().stream()
                .flatMap(e -> java.util.stream.IntStream.range(0, e.getValue())
                        .mapToObj(p -> new TopicPartition(e.getKey(), p)))
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                admin.listOffsets(request).all().get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Partitions not ready: " + request.keySet(), e);
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Has the broker create its group and transaction coordinators' internal topics
     * ({@code __consumer_offsets}, {@code __transaction_state}) and waits until both coordinators
     * answer. Without it the first Streams application creates them while its transactional producers
     * already write: the broker then logs COORDINATOR_NOT_AVAILABLE, CONCURRENT_TRANSACTIONS and
     * OutOfOrderSequenceException ("transactions v2 idempotent producer with no existing state") for
     * batches whose partition verification waited on a coordinator still loading (see KAFKA-NOTES.md).
     */
    public void awaitCoordinators() {
        try (Admin admin = admin()) {
            admin.describeConsumerGroups(List.of(WARM_UP_ID)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw new IllegalStateException("Group coordinator not available", e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Timed out waiting for the group coordinator", e);
        }
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, WARM_UP_ID,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.initTransactions(); // returns once the transaction coordinator has loaded its partition
        }
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Stops the broker, keeping port and data for {@link #restart()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long started = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        server = null;
        LOG.info("Embedded Kafka stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Starts the broker again on the same port with the same data. */
    public synchronized void restart() {
        if (server == null) {
            startServer();
        }
    }

    /** Stops the broker and deletes the data directory if this instance created it. */
    @Override
    public synchronized void close() {
        stop();
        if (ownsDataDir) {
            Directories.deleteRecursively(dataDir);
        }
    }

    private void startServer() {
        boolean kept = Files.isDirectory(logDir().resolve("__cluster_metadata-0"));
        startBroker();
        if (kept) {
            closeHangingTransactions();
        }
    }

    /**
     * Aborts the transactions an earlier run left open that their coordinator will never close
     * ({@link HangingTransactions}); they would stop every read_committed reader of their partitions.
     */
    private void closeHangingTransactions() {
        try (Admin admin = admin()) {
            awaitCoordinators();
            List<HangingTransactions.Hanging> aborted = HangingTransactions.abortAll(admin);
            if (!aborted.isEmpty()) {
                LOG.warn("Aborted what the last run left of a transaction on {} partition(s), which its coordinator had "
                        + "already finished and would never close, so that their readers can go on (RELIABILITY.md, "
                        + "\"Broker restarts\"): {}", aborted.size(), HangingTransactions.summary(aborted));
            }
        } catch (RuntimeException e) {
            // the broker serves; a check that could not finish must not stop it (a hang, if any, shows as before)
            LOG.warn("Could not check for transactions the last run left hanging (RELIABILITY.md, \"Broker restarts\"): {}",
                    e.getMessage(), e);
        }
    }

    private void startBroker() {
        long started = System.nanoTime();
        RuntimeException last = null;
        boolean fixedPort = port != 0;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            if (!fixedPort) {
                port = FreePorts.loopback();
            }
            controllerPort = FreePorts.loopback();
            try {
                KafkaConfig config = KafkaConfig.fromProps(brokerProperties());
                format(config);
                KafkaRaftServer raft = new KafkaRaftServer(config, Time.SYSTEM);
                raft.startup();
                server = raft;
                LOG.info("Embedded Kafka (KRaft) listening on {} (data {}), started in {} ms", bootstrapServers(), dataDir,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                return;
            } catch (RuntimeException e) {
                last = e;
                if (!causedByBind(e)) {
                    throw e;
                }
                LOG.warn("Port clash starting embedded Kafka (attempt {}), retrying", attempt + 1);
                pause(Duration.ofMillis(200L * (attempt + 1)));
            }
        }
        throw new IllegalStateException("Could not bind embedded Kafka after " + BIND_ATTEMPTS + " attempts", last);
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir().toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return p;
    }

    private Path logDir() {
        return dataDir.resolve("kraft");
    }

    private void format(KafkaConfig config) {
        try {
            Files.createDirectories(logDir());
            Formatter formatter = new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(clusterId())
                    .setDirectories(Set.of(logDir().toString()))
                    .setMetadataLogDirectory(logDir().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true);
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format KRaft storage in " + logDir(), e);
        }
    }

    /** One cluster id per data directory, so a restart with the same data finds its own cluster. */
    private String clusterId() throws IOException {
        Path file = dataDir.resolve(CLUSTER_ID_FILE);
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id);
        return id;
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

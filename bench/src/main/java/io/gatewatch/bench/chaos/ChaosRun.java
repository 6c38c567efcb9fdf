package io.gatewatch.bench.chaos;

import io.gatewatch.app.GatewatchCli;
import io.gatewatch.embedded.EmbeddedPostgres;
import io.gatewatch.embedded.FreePorts;
import io.gatewatch.producers.sim.GroundTruth;
import io.gatewatch.producers.sim.ScanGenerator;
import io.gatewatch.producers.sim.ScenarioConfig;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.DeviceKind;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.TemperatureUnit;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The chaos suite (issue 14), run by hand with {@code bench/chaos}: GateWatch as separate JVMs —
 * broker, registry, two {@code streams} and two {@code sink} instances, the simulator and a gate
 * client — under load, with a seeded schedule of {@code kill -9}s (each victim restarted by a
 * supervisor, as a service manager would) and a broker outage; then an {@link Auditor} compares
 * every table with the simulator's ground truth and with the topics. Writes
 * {@code bench/results/chaos-<utc>.md}.
 *
 * <p>Recovery time of a killed {@code streams} or {@code sink} instance: from the kill until its
 * consumer group has processed (committed past) every record that was on its input partitions at
 * the moment of the kill — detection by the group, rebalance, state restore and catch-up together,
 * as a user sees it.
 */
public final class ChaosRun {
    private static final String COUNTY = "330127";
    private static final String GATE_VILLAGE = "330102001001";
    private static final String GATE_DEVICE = "chaos-gate-1";
    private static final String SECRET = "chaos-suite-pseudonym-secret-0123456789";
    private static final String SINK_GROUP = "gatewatch-sink";
    private static final List<String> STREAMS_GROUPS = List.of("gatewatch-screening", "gatewatch-counts");

    record Options(long seed, int loadSeconds, int rate, int villages, int standbys, int outageSeconds, int killEverySeconds,
                   int partitions, boolean transactionalStores, Path output) {
        static Options parse(String[] args) {
            Map<String, String> a = new HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
            }
            return new Options(Long.parseLong(a.getOrDefault("seed", "14")), Integer.parseInt(a.getOrDefault("load-seconds", "240")),
                    Integer.parseInt(a.getOrDefault("rate", "200")), Integer.parseInt(a.getOrDefault("villages", "20")),
                    Integer.parseInt(a.getOrDefault("standbys", "0")), Integer.parseInt(a.getOrDefault("outage-seconds", "30")),
                    Integer.parseInt(a.getOrDefault("kill-every-seconds", "20")), Integer.parseInt(a.getOrDefault("partitions", "4")),
                    Boolean.parseBoolean(a.getOrDefault("transactional-stores", "false")), Path.of(a.getOrDefault("output", "bench/results")));
        }
    }

    /** One scheduled kill and what followed. */
    record Kill(double atSeconds, String victim, Long recoveryMs) {}

    private final Options options;
    private final Path work;
    private final List<ChaosProcess> processes = new ArrayList<>();
    private final List<Kill> kills = new CopyOnWriteArrayList<>();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private String bootstrap;
    private String registryUrl;
    private EmbeddedPostgres postgres;
    private Admin admin;
    private long loadStartNanos;
    private double outageStart;
    private double outageEnd;

    private ChaosRun(Options options) throws IOException {
        this.options = options;
        this.work = Files.createTempDirectory(Path.of("bench", "target"), "chaos-");
        Files.createDirectories(work.resolve("logs"));
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("""
                    Usage: bench/chaos [--seed 14] [--load-seconds 240] [--rate 200] [--villages 20] [--standbys 0]
                                       [--outage-seconds 30] [--kill-every-seconds 20] [--partitions 4]
                                       [--transactional-stores false] [--output bench/results]""");
            return;
        }
        Files.createDirectories(Path.of("bench", "target"));
        ChaosRun run = new ChaosRun(Options.parse(args));
        int code;
        try {
            code = run.run();
        } finally {
            run.shutdown();
        }
        System.exit(code);
    }

    private int run() throws Exception {
        log("work directory " + work);
        postgres = EmbeddedPostgres.start(work.resolve("postgres"), 0);
        int brokerPort = FreePorts.loopback();
        ChaosProcess broker = process("broker", BrokerMain.class.getName(), List.of(work.resolve("kafka").toString(),
                String.valueOf(brokerPort)), Map.of(), "768m");
        broker.start();
        broker.awaitLog(BrokerMain.READY, Duration.ofMinutes(3));
        bootstrap = "127.0.0.1:" + brokerPort;
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        StringWriter out = new StringWriter();
        var topics = GatewatchCli.commandLine(Map.of("GATEWATCH_KAFKA_BOOTSTRAP_SERVERS", bootstrap));
        topics.setOut(new PrintWriter(out));
        topics.setErr(new PrintWriter(out));
        if (topics.execute("topics", "create", "--partitions", String.valueOf(options.partitions())) != 0) {
            throw new IllegalStateException("topics create failed: " + out);
        }

        int registryPort = FreePorts.loopback();
        registryUrl = "http://127.0.0.1:" + registryPort;
        Map<String, String> common = Map.of("GATEWATCH_KAFKA_BOOTSTRAP_SERVERS", bootstrap, "GATEWATCH_SCHEMA_REGISTRY_URL", registryUrl,
                "GATEWATCH_METRICS_PORT", "0");
        ChaosProcess registry = app("registry", with(common, "GATEWATCH_REGISTRY_HTTP_PORT", String.valueOf(registryPort),
                "GATEWATCH_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR", "1"), "registry");
        registry.start();
        registry.awaitLog("Schema registry serving", Duration.ofMinutes(3));

        for (int i = 1; i <= 2; i++) {
            app("streams-" + i, with(common, "GATEWATCH_STREAMS_STATE_DIR", work.resolve("streams-" + i).toString(),
                    "GATEWATCH_STREAMS_NUM_STANDBY_REPLICAS", String.valueOf(options.standbys()),
                    "GATEWATCH_COUNTS_PUNCTUATION_INTERVAL_MS", "5000",
                    // Kafka 4.4's transactional state stores (KIP-892): no wipe of the state after an unclean stop under EOS
                    "GATEWATCH_KAFKA_ENABLE_TRANSACTIONAL_STATESTORES", String.valueOf(options.transactionalStores())), "streams").start();
            app("sink-" + i, with(common, "GATEWATCH_SINK_JDBC_URL", postgres.jdbcUrl(), "GATEWATCH_SINK_JDBC_USER", postgres.user()),
                    "sink").start();
        }
        for (ChaosProcess p : processes) {
            if (p.name.startsWith("streams") || p.name.startsWith("sink")) {
                p.awaitLog("(Ctrl-C stops)", Duration.ofMinutes(5));
            }
        }
        registerGateDevice();
        Path gateProps = work.resolve("gate.properties");
        Files.writeString(gateProps, String.join("\n", "bootstrap.servers=" + bootstrap, "schema.registry.url=" + registryUrl,
                "pseudonym.secret=" + SECRET, "device.id=" + GATE_DEVICE, "village.code=" + GATE_VILLAGE,
                "checkpoint.id=chaos-gate-checkpoint", "spool.dir=" + work.resolve("gate-spool")) + "\n");
        Path accepted = work.resolve("gate-accepted.log");
        ChaosProcess gate = process("gate", GateLoadMain.class.getName(), List.of(gateProps.toString(), "5", accepted.toString()),
                Map.of(), "256m");
        gate.start();
        gate.awaitLog(GateLoadMain.READY, Duration.ofMinutes(5));

        Map<String, String> scenario = scenario();
        Map<String, String> simEnv = new HashMap<>(common);
        scenario.forEach((k, v) -> simEnv.put("GATEWATCH_" + k.toUpperCase().replace('.', '_'), v));
        ChaosProcess simulator = app("simulator", simEnv, "simulate", "--rate", String.valueOf(options.rate()), "--speed", "0");
        Thread supervisor = supervise();
        loadStartNanos = System.nanoTime();
        simulator.start();
        log("load started: " + options.rate() + " records/s for about " + options.loadSeconds() + " s");

        schedule(broker);

        // the traffic ends when the simulator has sent its whole scenario (restarts resend it from the start)
        long deadline = System.nanoTime() + Duration.ofSeconds(options.loadSeconds() * 3L).toNanos();
        while (!simulator.finished() && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        if (!simulator.finished()) {
            notes.add("the simulator had not finished its scenario when the run's time was up");
        }
        gate.stop();
        log("load ended after " + Math.round(seconds()) + " s; auditing");
        GroundTruth truth = groundTruth(scenario);
        Set<String> gateIds = new HashSet<>(Files.readAllLines(accepted));
        gateIds.remove("");
        Auditor auditor = new Auditor(truth, bootstrap, registryUrl, postgres.dataSource(), COUNTY, GATE_VILLAGE, gateIds);
        Auditor.Verdict verdict = null;
        long auditDeadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        while (System.nanoTime() < auditDeadline) {
            verdict = auditor.audit();
            log("audit: lost " + verdict.scansLost() + ", doubled " + verdict.scansDoubled() + ", alerts lost " + verdict.alertsLost()
                    + ", windows different/missing " + verdict.windowsDifferent() + "/" + verdict.windowsMissing());
            if (verdict.clean()) {
                break;
            }
            Thread.sleep(15_000); // the pipeline may still be catching up: the verdict is the converged one
        }
        supervisor.interrupt();
        Path report = writeReport(verdict, truth);
        log("report " + report);
        return verdict != null && verdict.clean() ? 0 : 1;
    }

    /** The seeded schedule: kills every few seconds, one broker outage in the middle, none around it. */
    private void schedule(ChaosProcess broker) throws Exception {
        Random random = new Random(options.seed());
        // every process in turn, in a seeded order: streams and sink instances twice as often as the others
        List<String> victims = new ArrayList<>(List.of("streams-1", "streams-2", "sink-1", "sink-2", "streams-1", "streams-2",
                "sink-1", "sink-2", "registry", "gate", "simulator"));
        Collections.shuffle(victims, random);
        int turn = 0;
        outageStart = options.loadSeconds() * 0.45;
        outageEnd = outageStart + options.outageSeconds();
        double next = 15;
        boolean outageDone = false;
        while (seconds() < options.loadSeconds() - 20) {
            if (!outageDone && seconds() >= outageStart) {
                log("broker outage: kill -9 of the broker for " + options.outageSeconds() + " s");
                outageStart = seconds();
                broker.kill(true);
                Thread.sleep(options.outageSeconds() * 1000L);
                broker.start();
                broker.awaitLog(BrokerMain.READY, Duration.ofMinutes(3));
                outageEnd = seconds();
                log("broker back after " + Math.round(outageEnd - outageStart) + " s");
                outageDone = true;
                next = seconds() + 20;
                continue;
            }
            if (seconds() >= next && (outageDone || seconds() < outageStart - 10)) {
                String name = victims.get(turn++ % victims.size());
                ChaosProcess victim = find(name);
                if (victim.isAlive()) {
                    kill(victim);
                }
                next = seconds() + options.killEverySeconds() - 5 + random.nextInt(11);
            }
            Thread.sleep(250);
        }
    }

    private void kill(ChaosProcess victim) throws Exception {
        double at = seconds();
        boolean streams = victim.name.startsWith("streams");
        boolean sink = victim.name.startsWith("sink");
        Map<TopicPartition, Long> target = streams ? streamsPositionsToReach() : sink ? sinkPositionsToReach() : Map.of();
        log("kill -9 " + victim.name);
        long killedAt = System.nanoTime();
        victim.kill(false);
        if (!streams && !sink) {
            kills.add(new Kill(at, victim.name, null));
            return;
        }
        Thread waiter = new Thread(() -> {
            Long recovery = null;
            long deadline = killedAt + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline && recovery == null) {
                try {
                    if (reached(target, streams)) {
                        recovery = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                    } else {
                        Thread.sleep(500);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // the broker or the database is away (the outage): ask again
                }
            }
            kills.add(new Kill(at, victim.name, recovery));
            log(victim.name + " recovered " + (recovery == null ? "not within 5 min" : "in " + recovery + " ms"));
        }, "recovery-" + victim.name);
        waiter.setDaemon(true);
        waiter.start();
    }

    /** The end offsets, now, of every partition the Streams applications have committed on (their inputs and repartitions). */
    private Map<TopicPartition, Long> streamsPositionsToReach() throws Exception {
        Set<TopicPartition> partitions = new HashSet<>();
        for (String group : STREAMS_GROUPS) {
            partitions.addAll(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).keySet());
        }
        return endOffsets(partitions);
    }

    private Map<TopicPartition, Long> sinkPositionsToReach() throws Exception {
        return endOffsets(sinkOffsets().keySet());
    }

    private boolean reached(Map<TopicPartition, Long> target, boolean streams) throws Exception {
        Map<TopicPartition, Long> committed = new HashMap<>();
        if (streams) {
            for (String group : STREAMS_GROUPS) {
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                        .forEach((tp, om) -> committed.put(tp, om == null ? 0 : om.offset()));
            }
        } else {
            committed.putAll(sinkOffsets());
        }
        // an exactly-once end offset may sit one past the last record (its commit marker); under load the next
        // record passes it, so the kills are scheduled only while the traffic runs
        return target.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private Map<TopicPartition, Long> sinkOffsets() throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT topic, partition, next_offset FROM sink_offsets WHERE group_id = '" + SINK_GROUP + "'")) {
            while (rs.next()) {
                offsets.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
            }
        }
        return offsets;
    }

    private Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                : admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet()) {
            ends.put(e.getKey(), e.getValue().offset());
        }
        return ends;
    }

    /** The simulated county: {@code villages} villages, two hours of event time ending now, flat profile, sent as fast as --rate allows. */
    private Map<String, String> scenario() {
        long hours = 2;
        double perVillagePerDay = (double) options.rate() * options.loadSeconds() * 24 / hours / options.villages();
        Map<String, String> s = new LinkedHashMap<>();
        s.put(ScenarioConfig.SEED, String.valueOf(options.seed()));
        s.put(ScenarioConfig.START, Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(hours)).toString());
        s.put(ScenarioConfig.DURATION_MS, String.valueOf(Duration.ofHours(hours).toMillis()));
        s.put(ScenarioConfig.VILLAGES, String.valueOf(options.villages()));
        s.put(ScenarioConfig.COUNTY_CODE, COUNTY);
        s.put(ScenarioConfig.HOURLY_PROFILE, String.join(",", Collections.nCopies(24, "1")));
        s.put(ScenarioConfig.SCANS_PER_VILLAGE_PER_DAY, String.valueOf(Math.round(perVillagePerDay)));
        s.put(ScenarioConfig.MALFORMED_RATE, "0"); // a resent malformed record would be rejected twice: not what this suite checks
        s.put(ScenarioConfig.PSEUDONYM_SECRET, SECRET);
        return s;
    }

    /** The simulator's ground truth, regenerated from the same seed and scenario (what any number of restarts sent). */
    private static GroundTruth groundTruth(Map<String, String> scenario) {
        Map<String, String> props = new HashMap<>(scenario);
        props.put(ScenarioConfig.TRUTH_PER_EVENT, "true");
        ScanGenerator generator = new ScanGenerator(new ScenarioConfig(props), Clock.systemUTC());
        while (generator.hasNext()) {
            generator.next();
        }
        return generator.groundTruth();
    }

    /** The gate client's device in its own county, so its scans show only in its village's counts. */
    private void registerGateDevice() throws Exception {
        var registry = SchemaRegistryClients.create(Map.of("schema.registry.url", registryUrl));
        Map<String, Object> serde = Map.of("schema.registry.url", registryUrl);
        var keys = AvroSerde.forKeys(String.class, registry, serde).serializer();
        var values = AvroSerde.forValues(DeviceRegistration.class, registry, serde).serializer();
        DeviceRegistration device = DeviceRegistration.newBuilder().setDeviceId(GATE_DEVICE).setCheckpointId("chaos-gate-checkpoint")
                .setVillageCode(GATE_VILLAGE).setKind(DeviceKind.COMBINED).setBodySite(BodySite.FOREHEAD)
                .setUnit(TemperatureUnit.CELSIUS).setCalibrationOffsetCelsius(0.0).setUpdatedAt(Instant.now()).build();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.DEVICES, keys.serialize(Topics.DEVICES, GATE_DEVICE),
                    values.serialize(Topics.DEVICES, device))).get(60, TimeUnit.SECONDS);
        }
    }

    private Thread supervise() {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (ChaosProcess p : processes) {
                    if (p.superviseOnce()) {
                        log("supervisor restarted " + p.name);
                    }
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "supervisor");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private Path writeReport(Auditor.Verdict v, GroundTruth truth) throws IOException {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        List<Long> streamsRecovery = recoveries("streams");
        List<Long> sinkRecovery = recoveries("sink");
        StringBuilder md = new StringBuilder();
        md.append("# Chaos run ").append(stamp).append("\n\n");
        md.append(String.format("Seed %d, %d partitions, %d villages, simulator at %d records/s for about %d s (%,d records, "
                        + "%,d unique scans), gate client at 5 scans/s, standby replicas %d, transactional state stores %s. Separate JVMs: broker, registry, "
                        + "2 × streams, 2 × sink, simulator, gate client; PostgreSQL in the harness JVM. Machine: %d cores, "
                        + "shared with other builds (load average at the end %.1f).%n%n",
                options.seed(), options.partitions(), options.villages(), options.rate(), options.loadSeconds(), truth.records(),
                truth.uniqueEvents(), options.standbys(), options.transactionalStores(), Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        md.append("| figure | value |\n| --- | --- |\n");
        md.append(String.format("| verdict | %s |%n", v != null && v.clean() ? "**clean**" : "**NOT clean**"));
        md.append(String.format("| kills (kill -9, restarted by the supervisor) | %d |%n", kills.size()));
        md.append(String.format("| broker outage | %d s (kill -9 of the broker at %.0f s, back at %.0f s) |%n",
                Math.round(outageEnd - outageStart), outageStart, outageEnd));
        if (v != null) {
            md.append(String.format("| scans lost | %d |%n| scans doubled | %d |%n", v.scansLost(), v.scansDoubled()));
            md.append(String.format("| simulator events missing on gatewatch.scans | %d of %,d |%n", v.eventsMissingOnTopic(), v.truthEvents()));
            md.append(String.format("| scan records on gatewatch.scans (resends included) | %,d |%n", v.scanRecordsOnTopic()));
            md.append(String.format("| fever/non-green/device-fault alerts lost / doubled | %d / %d (of %,d expected) |%n",
                    v.alertsLost(), v.alertsDoubled(), v.expectedAlerts()));
            md.append(String.format("| alert rows vs alert topics (ids in one but not the other) | %,d rows, %,d on topics, %d differ |%n",
                    v.alertRows(), v.alertsOnTopics(), v.tableVsTopicDifferences()));
            md.append(String.format("| count windows missing / different | %d / %d (of %,d) |%n", v.windowsMissing(),
                    v.windowsDifferent(), v.truthWindows()));
            md.append(String.format("| county scans stored / expected | %,d / %,d |%n", v.countyScansStored(), v.countyScansExpected()));
            md.append(String.format("| gate client: accepted / missing on topic / counted | %,d / %d / %,d |%n", v.gateAccepted(),
                    v.gateMissingOnTopic(), v.gateScansCounted()));
        }
        md.append(String.format("| streams recovery after kill -9, p50 / max | %s / %s (%d kills) |%n", p50(streamsRecovery),
                max(streamsRecovery), streamsRecovery.size()));
        md.append(String.format("| sink recovery after kill -9, p50 / max | %s / %s (%d kills) |%n", p50(sinkRecovery),
                max(sinkRecovery), sinkRecovery.size()));
        md.append("\n## Schedule\n\n| at (s) | kill -9 of | recovered in |\n| --- | --- | --- |\n");
        kills.stream().sorted((a, b) -> Double.compare(a.atSeconds(), b.atSeconds())).forEach(k -> md.append(String.format(
                "| %.0f | %s | %s |%n", k.atSeconds(), k.victim(), k.recoveryMs() == null
                        ? (k.victim().startsWith("s") && !k.victim().equals("simulator") ? "not within 5 min" : "restarted")
                        : String.format("%.1f s", k.recoveryMs() / 1000.0))));
        md.append("\nRestarts per process: ");
        processes.forEach(p -> md.append(p.name).append(' ').append(p.starts() - 1)
                .append(p.unexpectedExits() > 0 ? " (" + p.unexpectedExits() + " exits on its own)" : "").append(", "));
        md.setLength(md.length() - 2);
        md.append(".\n");
        if (v != null && !v.examples().isEmpty()) {
            md.append("\nExamples of differences:\n");
            v.examples().forEach(e -> md.append("- ").append(e).append('\n'));
        }
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        Files.createDirectories(options.output());
        Path file = options.output().resolve("chaos-" + stamp + (options.standbys() > 0 ? "-standbys" + options.standbys() : "")
                + (options.transactionalStores() ? "-txstores" : "") + ".md");
        Files.writeString(file, md.toString());
        System.out.println(md);
        return file;
    }

    private List<Long> recoveries(String prefix) {
        return kills.stream().filter(k -> k.victim().startsWith(prefix) && k.recoveryMs() != null).map(Kill::recoveryMs).sorted().toList();
    }

    private static String p50(List<Long> sorted) {
        return sorted.isEmpty() ? "n/a" : String.format("%.1f s", sorted.get((sorted.size() - 1) / 2) / 1000.0);
    }

    private static String max(List<Long> sorted) {
        return sorted.isEmpty() ? "n/a" : String.format("%.1f s", sorted.get(sorted.size() - 1) / 1000.0);
    }

    private ChaosProcess app(String name, Map<String, String> env, String... args) {
        return process(name, GatewatchCli.class.getName(), List.of(args), env, "384m");
    }

    private ChaosProcess process(String name, String main, List<String> args, Map<String, String> env, String heap) {
        ChaosProcess p = new ChaosProcess(name, main, args, env, work.resolve("logs"), heap);
        processes.add(p);
        return p;
    }

    private ChaosProcess find(String name) {
        return processes.stream().filter(p -> p.name.equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> m = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private double seconds() {
        return (System.nanoTime() - loadStartNanos) / 1e9;
    }

    private void log(String message) {
        System.out.printf("[chaos %6.1f s] %s%n", loadStartNanos == 0 ? 0.0 : seconds(), message);
        System.out.flush();
    }

    private void shutdown() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            try {
                processes.get(i).stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}

package io.gatewatch.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.registry.server.EmbeddedSchemaRegistry;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import io.gatewatch.sinks.jdbc.PostgresSink;
import io.gatewatch.sinks.jdbc.SinkConfig;
import io.gatewatch.streams.common.StreamsSettings;
import io.gatewatch.streams.counts.CountsConfig;
import io.gatewatch.streams.counts.CountsSerdes;
import io.gatewatch.streams.counts.CountsTopology;
import io.gatewatch.streams.screening.ScreeningConfig;
import io.gatewatch.streams.screening.ScreeningSerdes;
import io.gatewatch.streams.screening.ScreeningTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-command load harness of issue 8 ({@code bench/load}): drives the real pipeline —
 * {@link ScreeningTopology}, {@link CountsTopology} with their production config classes and
 * {@link StreamsSettings}, the simulator's records, {@link PostgresSink} — in this JVM on the
 * embedded KRaft broker and an embedded PostgreSQL, next to two baselines on the same records,
 * and writes a JSON and a Markdown report. See BENCHMARKS.md for what each phase measures.
 *
 * <p>Every phase is a fresh application (id, state directory) over the same pre-serialised
 * backlog. Phases that would otherwise read each other's output run on a fresh broker: per
 * guarantee, broker A serves the baselines, screening alone and counts alone (over screening's
 * output), broker B screening+counts together, broker C the end-to-end run with a fresh
 * database, broker D the paced load.
 */
public final class LoadHarness {
    private static final Logger LOG = LoggerFactory.getLogger(LoadHarness.class);
    /** The in-JVM registry scope every client of the run shares: schema ids registered once, then cached. */
    static final String REGISTRY_SCOPE = "gatewatch-load-harness";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(20);

    private final HarnessOptions options;
    private final Path workDir;
    /** With --instance-jvms: the registry every JVM of the run shares, over HTTP on loopback; null otherwise. */
    private final EmbeddedSchemaRegistry registryServer;
    private final SchemaRegistryClient registry;
    private final Map<String, Object> serdeConfig;
    private final List<ProduceResult> produced = new ArrayList<>();
    private final List<PhaseResult> phases = new ArrayList<>();
    private final List<PacedResult> paced = new ArrayList<>();
    private final Map<String, Object> appSettings = new LinkedHashMap<>();
    private LoadReport.Profile profile;
    private Backlog backlog;
    /** True during the warm-up pass: nothing it measures is kept, and it is never profiled. */
    private boolean warming;

    LoadHarness(HarnessOptions options) throws IOException {
        this.options = options;
        this.workDir = Files.createDirectories(options.output().toAbsolutePath().resolve(".work"));
        this.registryServer = options.instanceJvms() ? EmbeddedSchemaRegistry.inMemory() : null;
        this.serdeConfig = Map.of(SchemaRegistryClients.URL, registryServer != null ? registryServer.url() : "mock://" + REGISTRY_SCOPE);
        this.registry = SchemaRegistryClients.create(serdeConfig);
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(HarnessOptions.USAGE);
            return;
        }
        HarnessOptions options;
        try {
            options = HarnessOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(HarnessOptions.USAGE);
            System.exit(2);
            return;
        }
        int status = 0;
        try {
            Written written = run(options);
            System.out.println("Report: " + written.markdown() + " and " + written.json());
        } catch (Exception e) {
            LOG.error("The load harness failed", e);
            status = 1;
        }
        System.exit(status); // Kafka and PostgreSQL leave non-daemon threads behind
    }

    /** Where a run's report went. */
    public record Written(LoadReport report, Path json, Path markdown) {}

    /** Runs every phase the options ask for and writes the report. */
    public static Written run(HarnessOptions options) throws Exception {
        LoadHarness harness = new LoadHarness(options);
        try {
            return harness.write(harness.runAll());
        } finally {
            InstanceJvm.closeAll();
            deleteRecursively(harness.workDir);
            InMemorySchemaRegistryClient.dropScope(REGISTRY_SCOPE);
            if (harness.registryServer != null) {
                harness.registryServer.close();
            }
        }
    }

    LoadReport runAll() throws Exception {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("startedAt", Instant.now().toString());
        header.put("cores", Runtime.getRuntime().availableProcessors());
        header.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        header.put("maxHeapMB", Runtime.getRuntime().maxMemory() / 1048576);
        header.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        header.put("gitCommit", gitCommit());
        header.put("loadAverageAtStart", ResourceMeter.loadAverageNow());
        header.put("broker", "embedded KRaft broker (Kafka 4.x) in this JVM, fresh per phase group; replication 1");
        header.put("registry", registryServer != null
                ? "embedded schema registry (in-memory) in the harness JVM over HTTP on loopback, shared with the instance JVMs: "
                        + "schema ids resolved once per JVM, then cached"
                : "in-JVM registry (mock://): schema ids resolved once, then cached, as with a remote registry");
        header.put("options", options.describe());

        long generating = System.nanoTime();
        backlog = Backlog.generate(options.scans(), options.seed(), registry, serdeConfig);
        header.put("backlog", Map.of("records", backlog.records().size(), "bytes", backlog.bytes(), "mix", backlog.mix(),
                "devices", backlog.devices().size(), "villages", Backlog.villages(options.scans()), "eventTimeSpan", Backlog.SPAN.toString(),
                "generationSeconds", round((System.nanoTime() - generating) / 1e9)));
        LOG.info("Backlog: {} records ({} MB) generated", backlog.records().size(), backlog.bytes() / 1_000_000);

        List<WarmUp.Step> warmUp = WarmUp.plan(options);
        if (!warmUp.isEmpty()) {
            header.put("warmUp", warmUp(warmUp));
        }
        pass((guarantee, phase) -> options.runs(phase));
        header.put("streamsSettings", appSettings);
        header.put("finishedAt", Instant.now().toString());
        header.put("loadAverageAtEnd", ResourceMeter.loadAverageNow());
        return new LoadReport(header, produced, phases, paced, profile);
    }

    /**
     * The unmeasured warm-up pass ({@link WarmUp}): the planned phases over the head of the backlog,
     * on brokers of their own; what they measured and produced is dropped.
     */
    private Map<String, Object> warmUp(List<WarmUp.Step> plan) throws Exception {
        Backlog full = backlog;
        List<ProduceResult> keptProduced = new ArrayList<>(produced);
        List<PhaseResult> keptPhases = new ArrayList<>(phases);
        long starting = System.nanoTime();
        warming = true;
        try {
            backlog = full.head(options.warmupScans());
            LOG.info("Warm-up pass over {} records: {}", backlog.records().size(), plan);
            pass((guarantee, phase) -> plan.contains(new WarmUp.Step(guarantee, phase)));
        } finally {
            warming = false;
            backlog = full;
            produced.clear();
            produced.addAll(keptProduced);
            phases.clear();
            phases.addAll(keptPhases);
        }
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("records", Math.min(options.warmupScans(), full.records().size()));
        described.put("phases", plan.stream().map(s -> s.guarantee() + " " + s.phase().option()).toList());
        described.put("seconds", round((System.nanoTime() - starting) / 1e9));
        described.put("note", "unmeasured, before every measured phase, on brokers of its own; results dropped");
        return described;
    }

    /** One pass over the phases {@code runs} selects, guarantee by guarantee, in the documented order. */
    private void pass(java.util.function.BiPredicate<String, Phase> runs) throws Exception {
        boolean first = true;
        for (String guarantee : options.guarantees()) {
            if (runs.test(guarantee, Phase.CONSUMER) && first || runs.test(guarantee, Phase.NAIVE) || runs.test(guarantee, Phase.SCREENING)
                    || runs.test(guarantee, Phase.COUNTS)) {
                try (Cluster cluster = cluster((warming ? "warm-up " : "") + "A " + guarantee, true, false)) {
                    if (runs.test(guarantee, Phase.CONSUMER) && first) {
                        consumerBaseline(cluster);
                    }
                    if (runs.test(guarantee, Phase.NAIVE)) {
                        naive(cluster, guarantee);
                    }
                    if (runs.test(guarantee, Phase.SCREENING) || runs.test(guarantee, Phase.COUNTS)) {
                        screeningThenCounts(cluster, guarantee);
                    }
                }
            }
            if (runs.test(guarantee, Phase.PIPELINE)) {
                try (Cluster cluster = cluster((warming ? "warm-up " : "") + "B " + guarantee, true, false)) {
                    pipeline(cluster, guarantee);
                }
            }
            if (runs.test(guarantee, Phase.END_TO_END)) {
                try (Cluster cluster = cluster((warming ? "warm-up " : "") + "C " + guarantee, true, true)) {
                    endToEnd(cluster, guarantee);
                }
            }
            if (runs.test(guarantee, Phase.PACED)) {
                try (Cluster cluster = cluster((warming ? "warm-up " : "") + "D " + guarantee, false, false)) {
                    pacedLoad(cluster, guarantee);
                }
            }
            first = false;
        }
    }

    private Cluster cluster(String name, boolean preload, boolean withPostgres) {
        LOG.info("Starting broker {}{}", name, withPostgres ? " and PostgreSQL" : "");
        Cluster cluster = Cluster.start(name, options.partitions(), preload ? backlog : backlog.withoutRecords(), serdeConfig, withPostgres);
        if (preload) {
            produced.add(cluster.produced);
            LOG.info("Broker {}: backlog produced at {} records/s", name, Math.round(cluster.produced.recordsPerSecond()));
        }
        return cluster;
    }

    // ------------------------------------------------------------------ baselines

    private void consumerBaseline(Cluster cluster) {
        var keys = AvroSerde.forKeys(String.class, registry, serdeConfig).deserializer();
        var values = AvroSerde.forValues(ScanEvent.class, registry, serdeConfig).deserializer();
        PlainConsumer.readAll(cluster.bootstrapServers(), keys, values); // warm-up: JIT, page cache
        ResourceMeter meter = ResourceMeter.start();
        PlainConsumer.Outcome outcome = PlainConsumer.readAll(cluster.bootstrapServers(), keys, values);
        meter.close();
        phases.add(new PhaseResult(Phase.CONSUMER.option(), "plain consumer + Avro decode (ceiling)", "n/a", outcome.records(),
                outcome.records(), outcome.seconds(), 0, meter.processCpuSeconds(), outcome.threadCpuSeconds(), meter.heapPeakBytes(),
                ResourceMeter.heapAfterGcBytes(), 0, meter.loadAverageAtStart(),
                Map.of("decoded", outcome.decoded(), "note", "second of two reads; the first warms the JIT and page cache")));
        log(phases.get(phases.size() - 1));
    }

    private void naive(Cluster cluster, String guarantee) throws Exception {
        // the off-the-shelf Avro serdes a naive topology would use (not GateWatch's hand-written scan codec)
        var keys = AvroSerde.forKeys(String.class, registry, serdeConfig);
        var scans = AvroSerde.forValues(ScanEvent.class, registry, serdeConfig);
        RunningApp app = app("naive", List.of(Topics.SCANS), guarantee, cluster,
                (meters, props) -> NaiveTopology.build(keys, scans, props));
        measure(Phase.NAIVE, "naive Streams baseline (branch + 1-min count per village)", guarantee, backlog.records().size(),
                cluster, List.of(app), () -> -1L, null, null);
    }

    // ------------------------------------------------------------------ GateWatch's topologies

    private RunningApp screeningApp(Cluster cluster, String guarantee) {
        Map<String, String> settings = options.settings();
        return app("screening", List.of(Topics.SCANS), guarantee, cluster, (meters, props) -> ScreeningTopology.build(
                new ScreeningConfig(settings), ScreeningSerdes.avro(registry, serdeConfig), meters, props));
    }

    private RunningApp countsApp(Cluster cluster, String guarantee) {
        Map<String, String> settings = options.settings();
        CountsConfig config = new CountsConfig(settings);
        // the counts application commits on its own interval (counts.commit.interval.ms), as in `gatewatch streams`
        return app("counts", List.of(Topics.SCANS_SCREENED), guarantee, cluster, config.commitIntervalMs(), (meters, props) ->
                CountsTopology.build(config, CountsSerdes.avro(registry, serdeConfig), meters, props));
    }

    private void screeningThenCounts(Cluster cluster, String guarantee) throws Exception {
        RunningApp screening = screeningApp(cluster, guarantee);
        PhaseResult screened = measure(Phase.SCREENING, "screening alone", guarantee, backlog.records().size(), cluster,
                List.of(screening), screening::screeningProcessed, null, null);
        if (!options.runs(Phase.SCREENING)) {
            phases.remove(screened); // it only filled the screened topic for counts alone
        }
        if (options.runs(Phase.COUNTS)) {
            long screenedRecords = screening.counted(MetricNames.SCANS);
            RunningApp counts = countsApp(cluster, guarantee);
            measure(Phase.COUNTS, "counts alone (over screening's output)", guarantee, screenedRecords, cluster, List.of(counts),
                    () -> -1L, null, null);
        }
    }

    private void pipeline(Cluster cluster, String guarantee) throws Exception {
        RunningApp screening = screeningApp(cluster, guarantee);
        RunningApp counts = countsApp(cluster, guarantee);
        boolean profiled = !warming && options.profile() && StreamsSettings.EXACTLY_ONCE_V2.equals(guarantee);
        try (JfrProfile recording = profiled ? JfrProfile.start(workDir.resolve("pipeline-eos.jfr")) : null) {
            measure(Phase.PIPELINE, "screening + counts (headline: until counts consumed everything)", guarantee,
                    backlog.records().size(), cluster, List.of(screening, counts), screening::screeningProcessed, null, null);
            if (recording != null) {
                profile = recording.stopAndFold("screening + counts, " + guarantee + ", " + options.threads() + " thread(s) each");
                Path kept = options.output().resolve("latest-profile.jfr");
                Files.createDirectories(options.output());
                Files.copy(workDir.resolve("pipeline-eos.jfr"), kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private void endToEnd(Cluster cluster, String guarantee) throws Exception {
        RunningApp screening = screeningApp(cluster, guarantee);
        RunningApp counts = countsApp(cluster, guarantee);
        Map<String, Object> props = new HashMap<>(serdeConfig);
        props.put("bootstrap.servers", cluster.bootstrapServers());
        props.put(SinkConfig.JDBC_URL, cluster.postgres.jdbcUrl());
        props.put(SinkConfig.JDBC_USER, cluster.postgres.user());
        SinkConfig sinkConfig = new SinkConfig(props);
        PostgresSink sink = new PostgresSink(sinkConfig, new SimpleMeterRegistry());
        measure(Phase.END_TO_END, "screening + counts + PostgreSQL sink", guarantee, backlog.records().size(), cluster,
                List.of(screening, counts), screening::screeningProcessed, sink, sinkConfig);
    }

    private void pacedLoad(Cluster cluster, String guarantee) throws Exception {
        RunningApp screening = screeningApp(cluster, guarantee);
        RunningApp counts = countsApp(cluster, guarantee);
        List<RunningApp> apps = List.of(screening, counts);
        try (Admin admin = cluster.kafka.admin()) {
            Offsets offsets = new Offsets(admin);
            apps.forEach(RunningApp::start);
            for (RunningApp app : apps) {
                app.awaitRunning(Duration.ofMinutes(2));
            }
            PacedLoad load = new PacedLoad(cluster.bootstrapServers(), serdeConfig, backlog,
                    AvroSerde.forValues(ScreeningAlert.class, registry, serdeConfig).deserializer());
            for (int rate : options.rates()) {
                LOG.info("Paced load {} at {} scans/s: {} s warm-up, {} s measured", guarantee, rate, options.warmupSeconds(),
                        options.pacedSeconds());
                PacedResult result = load.run(guarantee, rate, options.warmupSeconds(), options.pacedSeconds(), apps, offsets);
                paced.add(result);
                LOG.info("  achieved {} scans/s, {} alerts, p50 {} ms, p99 {} ms, max {} ms, lag at end {}, kept up {}",
                        Math.round(result.achievedRate()), result.latency().count(), result.latency().p50Ms(), result.latency().p99Ms(),
                        result.latency().maxMs(), result.lagAtEnd(), result.keptUp());
            }
        } finally {
            apps.forEach(RunningApp::close);
        }
    }

    // ------------------------------------------------------------------ measuring

    private RunningApp app(String name, List<String> sources, String guarantee, Cluster cluster,
                           java.util.function.BiFunction<SimpleMeterRegistry, java.util.Properties, org.apache.kafka.streams.Topology> topology) {
        return app(name, sources, guarantee, cluster, options.commitIntervalMs(), topology);
    }

    private RunningApp app(String name, List<String> sources, String guarantee, Cluster cluster, Long commitIntervalMs,
                           java.util.function.BiFunction<SimpleMeterRegistry, java.util.Properties, org.apache.kafka.streams.Topology> topology) {
        RunningApp app = new RunningApp(name, sources, guarantee, options.threads(), options.instances(), commitIntervalMs, options.settings(),
                cluster.bootstrapServers(), workDir, topology, registryServer != null ? registryServer.url() : null);
        appSettings.putIfAbsent(guarantee, app.effectiveSettings);
        if (commitIntervalMs != null && !commitIntervalMs.equals(options.commitIntervalMs())) {
            appSettings.putIfAbsent(guarantee + " " + name, Map.of(StreamsSettings.COMMIT_INTERVAL_MS, commitIntervalMs));
        }
        return app;
    }

    /**
     * Starts the applications (and the sink), waits until they run, then times until every one has
     * consumed its inputs (and the sink has stored offsets up to the ends its inputs had then).
     */
    private PhaseResult measure(Phase phase, String name, String guarantee, long records, Cluster cluster, List<RunningApp> apps,
                                Supplier<Long> processed, PostgresSink sink, SinkConfig sinkConfig) throws Exception {
        LOG.info("Phase {} ({}): {} input records", name, guarantee, records);
        ResourceMeter meter = null;
        try (Admin admin = cluster.kafka.admin()) {
            Offsets offsets = new Offsets(admin);
            Map<String, Long> writtenBefore = TopicWrites.snapshot(offsets, offsets.topicsLike("", ""));
            long starting = System.nanoTime();
            apps.forEach(RunningApp::start);
            if (sink != null) {
                sink.start();
            }
            for (RunningApp app : apps) {
                app.awaitRunning(Duration.ofMinutes(2));
            }
            double startup = (System.nanoTime() - starting) / 1e9;
            apps.forEach(app -> app.inputs(offsets));
            double[] threadCpuBefore = apps.stream().mapToDouble(RunningApp::streamThreadCpuSeconds).toArray();
            meter = ResourceMeter.start();
            long started = System.nanoTime();
            boolean exactlyOnce = StreamsSettings.EXACTLY_ONCE_V2.equals(guarantee);
            long streamsDone = awaitConsumed(() -> apps.stream().map(a -> a.lag(offsets)).toList(), exactlyOnce, apps, started);
            long done = streamsDone;
            Map<String, Object> details = new LinkedHashMap<>();
            if (sink != null) {
                List<TopicPartition> sinkInputs = offsets.partitions(sinkConfig.getList(SinkConfig.TOPICS));
                Map<TopicPartition, Long> ends = offsets.ends(sinkInputs);
                done = awaitConsumed(() -> List.of(SinkProgress.lag(cluster.postgres.dataSource(), sinkConfig.groupId(), ends)),
                        exactlyOnce, apps, started);
                details.put("streamsDoneSeconds", round((streamsDone - started) / 1e9));
                details.put("sinkRows", SinkProgress.rows(cluster.postgres.dataSource()));
                details.put("sinkThreadCpuSeconds", round(ResourceMeter.threadCpuSeconds(t -> t.startsWith("gatewatch-sink"))));
            }
            double seconds = (done - started) / 1e9;
            double processCpu = meter.processCpuSeconds();
            details.put("offsetsWrittenPerInputRecord", TopicWrites.perInputRecord(writtenBefore,
                    TopicWrites.snapshot(offsets, offsets.topicsLike("", "")), records));
            if (registryServer != null) {
                details.put("instanceJvmCpuSeconds", round(meter.instanceJvmCpuSeconds()));
                apps.forEach(app -> details.put(app.name + "RanIn", app.placement()));
            }
            details.put("rocksDbBackgroundCpuSeconds", round(meter.rocksDbBackgroundCpuSeconds()));
            Map<String, Double> byGroup = new LinkedHashMap<>();
            meter.cpuSecondsByThreadGroup().forEach((group, cpu) -> byGroup.put(group, round(cpu)));
            details.put(MarkdownReport.CPU_BY_THREAD_GROUP, byGroup);
            double streamCpu = 0;
            for (int i = 0; i < apps.size(); i++) {
                streamCpu += apps.get(i).streamThreadCpuSeconds() - threadCpuBefore[i];
            }
            if (apps.size() > 1) {
                for (RunningApp app : apps) {
                    details.put(app.name + "StreamThreadCpuSeconds", round(app.streamThreadCpuSeconds()));
                }
            }
            for (RunningApp app : apps) {
                details.put(app.name + "ThreadTime", app.threadTimeShares());
            }
            long state = apps.stream().mapToLong(RunningApp::stateBytes).sum();
            long heapPeak = meter.heapPeakBytes();
            long heapAfterGc = ResourceMeter.heapAfterGcBytes();
            PhaseResult result = new PhaseResult(phase.option(), name, guarantee, records, processed.get(), seconds, startup, processCpu,
                    streamCpu, heapPeak, heapAfterGc, state, meter.loadAverageAtStart(), details);
            phases.add(result);
            log(result);
            return result;
        } finally {
            if (meter != null) {
                meter.close();
            }
            if (sink != null) {
                sink.close();
            }
            apps.forEach(RunningApp::close);
        }
    }

    /**
     * Polls the lags every 50 ms until everything is consumed; under exactly-once a lag of 1 (a
     * trailing transaction marker) must hold still for a second. Returns the nanoTime at which the
     * consumed state was first seen.
     */
    private static long awaitConsumed(Supplier<List<Map<TopicPartition, Long>>> lags, boolean exactlyOnce, List<RunningApp> apps,
                                      long started) throws InterruptedException {
        long deadline = started + RUN_TIMEOUT.toNanos();
        long candidate = 0;
        List<Map<TopicPartition, Long>> candidateLags = null;
        while (true) {
            apps.forEach(RunningApp::checkHealthy);
            long now = System.nanoTime();
            List<Map<TopicPartition, Long>> current = lags.get();
            if (RunningApp.allConsumed(current, exactlyOnce)) {
                boolean exact = current.stream().allMatch(l -> l.values().stream().allMatch(v -> v == 0));
                if (exact) {
                    return candidate != 0 && current.equals(candidateLags) ? candidate : now;
                }
                if (candidate == 0 || !current.equals(candidateLags)) {
                    candidate = now;
                    candidateLags = current;
                } else if (now - candidate > Duration.ofSeconds(1).toNanos()) {
                    return candidate;
                }
            } else {
                candidate = 0;
                candidateLags = null;
            }
            if (now > deadline) {
                throw new IllegalStateException("Not consumed within " + RUN_TIMEOUT.toMinutes() + " min; lags " + current);
            }
            Thread.sleep(50);
        }
    }

    private static void log(PhaseResult r) {
        LOG.info("  {} ({}): {} records in {} s = {} records/s; stream-thread CPU {} µs/record, process CPU {} µs/record",
                r.name(), r.guarantee(), r.records(), round(r.seconds()), Math.round(r.recordsPerSecond()),
                round(r.streamThreadCpuMicrosPerRecord()), round(r.processCpuMicrosPerRecord()));
    }

    // ------------------------------------------------------------------ report

    Written write(LoadReport report) throws IOException {
        Files.createDirectories(options.output());
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String jsonText = json.writeValueAsString(report);
        String markdown = MarkdownReport.render(report);
        Path jsonFile = options.output().resolve("load-" + stamp + ".json");
        Path mdFile = options.output().resolve("load-" + stamp + ".md");
        Files.writeString(jsonFile, jsonText);
        Files.writeString(mdFile, markdown);
        Files.writeString(options.output().resolve("latest.json"), jsonText);
        Files.writeString(options.output().resolve("latest.md"), markdown);
        return new Written(report, jsonFile, mdFile);
    }

    static String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "describe", "--always", "--dirty", "--abbrev=12").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor() == 0 && !out.isEmpty() ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.toString());
        }
    }
}

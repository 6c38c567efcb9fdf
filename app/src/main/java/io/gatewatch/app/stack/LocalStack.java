package io.gatewatch.app.stack;

import io.gatewatch.sinks.areas.AreaNames;
import io.gatewatch.sinks.jdbc.SinkSchema;
import io.gatewatch.app.Lifecycle;
import io.gatewatch.app.config.CommonConfig;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.DemoConfig;
import io.gatewatch.streams.counts.CountsConfig;
import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.app.config.TopicsConfig;
import io.gatewatch.app.metrics.Health;
import io.gatewatch.app.metrics.MetricsServer;
import io.gatewatch.app.metrics.ProcessMetrics;
import io.gatewatch.embedded.EmbeddedKafka;
import io.gatewatch.embedded.EmbeddedPostgres;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.app.config.EngineConfigs;
import io.gatewatch.app.config.DemoConfig;
import io.gatewatch.streams.counts.CountsConfig;
import io.gatewatch.producers.sim.ScenarioConfig;
import io.gatewatch.schema.TemperatureRule;
import io.gatewatch.schema.Topics;
import io.gatewatch.producers.sim.GroundTruth;
import io.gatewatch.producers.sim.SimWatchlist;
import io.gatewatch.producers.sim.Simulator;
import io.gatewatch.schema.AlertType;
import io.gatewatch.schema.ObservationKind;
import io.gatewatch.producers.sim.SimulatorConfig;
import io.gatewatch.registry.server.EmbeddedSchemaRegistry;
import io.gatewatch.sinks.report.ReportGenerator;
import io.gatewatch.sinks.report.ReportAccess;
import io.gatewatch.streams.screening.ScreeningConfig;
import io.gatewatch.sinks.report.ReportHttpHandler;
import io.gatewatch.http.HttpEndpoint;
import io.gatewatch.http.HttpServerSettings;
import io.gatewatch.app.config.ReportSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import io.gatewatch.sinks.jdbc.PostgresSink;
import io.gatewatch.sinks.jdbc.RetentionPurger;
import io.gatewatch.sinks.jdbc.SinkConfig;
import io.gatewatch.sinks.jdbc.SinkState;
import io.gatewatch.producers.http.HttpIngestConfig;
import io.gatewatch.producers.http.HttpIngestServer;
import io.gatewatch.producers.json.IngestCommonConfig;
import io.gatewatch.schema.ScanSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one JVM, for {@code gatewatch demo} and the end-to-end test: a real KRaft
 * broker, a real PostgreSQL, GateWatch's topics, and the processes wired to them exactly as the
 * separate subcommands wire them to external infrastructure. Every part is registered with the
 * {@link Lifecycle} as it starts, so a failure half-way or a Ctrl-C closes what was started, in
 * reverse order.
 */
public final class LocalStack {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    public static final String INGEST_TOKEN_FILE = "ingest-demo.token";
    /** The embedded infrastructure's log file in the data directory (see {@link InfrastructureLogs}). */
    public static final String INFRASTRUCTURE_LOG = "infrastructure.log";
    public static final String REPORT_TOKEN_FILE = "report-demo.token";
    public static final String PSEUDONYM_SECRET_FILE = "pseudonym.secret";
    static final long DEMO_COUNTS_INTERVAL_MS = 5_000;
    static final long GROUND_TRUTH_CHECKPOINT_MS = 2_000;

    /**
     * A check-in deadline every minute ({@code 00:01,00:02,…,23:59}), so that a demo of a minute
     * decides a few slots; a deployment has two a day.
     */
    static final String DEMO_CHECKIN_SLOTS = java.util.stream.IntStream.range(1, 24 * 60)
            .mapToObj(minute -> String.format("%02d:%02d", minute / 60, minute % 60)).collect(Collectors.joining(","));
    static final long DEMO_CHECKIN_GRACE_MS = 5_000;
    static final long DEMO_OBSERVATION_PUNCTUATION_MS = 1_000;
    /** Beyond grace and decision interval, how long before the end of the traffic a compared deadline lies (commit, skew). */
    static final long CHECKIN_DECISION_MARGIN_MS = 2_000;

    private final ResolvedConfig config;
    private final Lifecycle lifecycle;
    /** The session timeout of the demo's consumers (Streams' and the sink's): one instance each, so a short one is safe. */
    static final String DEMO_SESSION_TIMEOUT_KEY = CommonConfig.KAFKA_PREFIX + "consumer.session.timeout.ms";
    static final long DEMO_SESSION_TIMEOUT_MS = 10_000;

    private final Endpoints endpoints = new Endpoints();
    private final Health health = new Health();
    private final List<String> consumerGroups = new ArrayList<>();
    private DataDirectory data;
    private ProcessMetrics metrics;
    private MetricsServer metricsServer;
    private EmbeddedKafka kafka;
    private InfrastructureLogs infrastructureLogs;
    private EmbeddedPostgres postgres;
    private Admin admin;
    private ConsumerLag lag;
    private ResolvedConfig clientConfig;
    private long trafficStartedNanos;
    private HttpIngestServer ingest;
    private PostgresSink sink;
    private Simulator simulator;
    private CompletableFuture<Simulator.Report> simulatorRun;
    private String registryUrl;
    private EmbeddedSchemaRegistry registry;
    private volatile Map<String, Long> lastRowCounts = Map.of();
    private volatile Map<String, Long> lastAlertsByType = Map.of();
    private RunHistory runs;
    private volatile long lastRowCountNanos;

    private LocalStack(ResolvedConfig config, Lifecycle lifecycle) {
        this.config = config;
        this.lifecycle = lifecycle;
    }

    /** Starts every part; on failure, whatever started is left registered with {@code lifecycle} for closing. */
    public static LocalStack start(ResolvedConfig config, Lifecycle lifecycle) {
        LocalStack stack = new LocalStack(config, lifecycle);
        stack.startAll();
        return stack;
    }

    private void startAll() {
        long begin = System.nanoTime();
        data = lifecycle.register("data directory", DataDirectory.of(config.getString(DemoConfig.DATA_DIR)));
        runs = RunHistory.open(data.root());
        // the broker's, registry's and database's own lines go to a file; the console keeps GateWatch's
        infrastructureLogs = lifecycle.register("infrastructure log", InfrastructureLogs.redirectTo(data.resolve(INFRASTRUCTURE_LOG)));
        metrics = lifecycle.register("metrics registry", new ProcessMetrics("demo"));
        if (config.getBoolean(CommonConfig.METRICS_ENABLED)) {
            metricsServer = lifecycle.register("metrics endpoint", MetricsServer.start(config.httpServer(CommonConfig.METRICS_PREFIX),
                    metrics.registry(), health));
        }
        health.addReadinessCheck("stack", () -> trafficStartedNanos != 0);

        // PostgreSQL unpacks and initdb's while the broker formats and starts: both take seconds
        CompletableFuture<EmbeddedPostgres> pg = CompletableFuture.supplyAsync(
                () -> EmbeddedPostgres.start(data.resolve("postgres"), config.getInt(DemoConfig.POSTGRES_PORT)));
        try {
            kafka = lifecycle.register("kafka broker", EmbeddedKafka.start(data.resolve("kafka"), config.getInt(DemoConfig.KAFKA_PORT)));
        } finally {
            try {
                postgres = lifecycle.register("postgresql", pg.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        health.addLivenessCheck("kafka-broker", kafka::isRunning);

        clientConfig = ResolvedConfig.resolve(config.sources()
                .withStackValue(CommonConfig.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers()), ConfigCatalog.DEMO);
        // the registry keeps its schemas in the broker's compacted _schemas topic: ids survive a restart with --data-dir
        Map<String, Object> registryProps = EngineConfigs.forEmbeddedRegistry(clientConfig);
        registry = lifecycle.register("schema registry", EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.onAnyFreePort(registryProps)));
        registryUrl = registry.url();
        clientConfig = ResolvedConfig.resolve(withDemoCheckins(config.sources())
                .withStackValue(CommonConfig.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                .withStackValue(CommonConfig.SCHEMA_REGISTRY_URL, registryUrl)
                // a demo shows open windows filling up every few seconds rather than every minute
                .withStackDefault(CountsConfig.PUNCTUATION_INTERVAL_MS, String.valueOf(DEMO_COUNTS_INTERVAL_MS))
                // one instance per group: after a kill -9 the dead run's members hold their partitions until their
                // session expires (45 s by default); 10 s lets a restarted demo process again sooner
                .withStackDefault(DEMO_SESSION_TIMEOUT_KEY, String.valueOf(DEMO_SESSION_TIMEOUT_MS)), ConfigCatalog.DEMO);

        TopicLayout layout = TopicsConfig.layout(config);
        kafka.createTopics(layout.newTopics());
        kafka.awaitCoordinators(); // before the first transactional producer (Streams, exactly-once) starts
        admin = lifecycle.register("admin client", kafka.admin());
        lag = new ConsumerLag(admin);

        startStreams();
        startSink();
        startIngest();

        endpoints.add("kafkaBootstrapServers", "Kafka bootstrap servers", kafka.bootstrapServers(), "");
        endpoints.add("schemaRegistryUrl", "Schema registry", registryUrl, "Confluent REST API");
        endpoints.add("jdbcUrl", "PostgreSQL JDBC URL", postgres.jdbcUrl(), "user " + postgres.user() + ", no password");
        endpoints.add("ingestUrl", "HTTP ingest", ingest.uri() + HttpIngestServer.SCANS_PATH,
                "bearer token of client 'demo' in " + data.resolve(INGEST_TOKEN_FILE));
        startReports();
        if (metricsServer != null) {
            endpoints.add("metricsUrl", "Prometheus metrics", metricsServer.url() + "/metrics", "health " + metricsServer.url()
                    + "/health, readiness /ready");
        }
        endpoints.add("dataDirectory", "Data directory", data.root().toString(),
                data.temporary() ? "temporary, deleted on exit" : "kept; a restart with --data-dir resumes");
        endpoints.add("infrastructureLog", "Broker/database log", infrastructureLogs.file().toString(),
                "Kafka, schema registry and PostgreSQL log lines");

        startSimulator();
        checkpointGroundTruth();
        trafficStartedNanos = System.nanoTime();
        lastRowCountNanos = trafficStartedNanos - Duration.ofMinutes(1).toNanos(); // the first snapshot counts
        LOG.info("Local stack started in {} ms", Duration.ofNanos(trafficStartedNanos - begin).toMillis());
    }

    /** Screening's check-in settings for a demo (a deadline every minute, a short grace), unless given. */
    private static io.gatewatch.app.config.ConfigSources withDemoCheckins(io.gatewatch.app.config.ConfigSources sources) {
        return sources.withStackDefault(ScreeningConfig.CHECKIN_SLOTS, DEMO_CHECKIN_SLOTS)
                .withStackDefault(ScreeningConfig.CHECKIN_GRACE_MS, String.valueOf(DEMO_CHECKIN_GRACE_MS))
                .withStackDefault(ScreeningConfig.OBSERVATION_PUNCTUATION_INTERVAL_MS, String.valueOf(DEMO_OBSERVATION_PUNCTUATION_MS));
    }

    /** The check-in deadlines screening uses. */
    private String checkinSlots() {
        return clientConfig.getString(ScreeningConfig.CHECKIN_SLOTS);
    }

    /**
     * How long after a deadline screening has certainly decided the slot: its grace, plus its
     * decision interval, plus {@value #CHECKIN_DECISION_MARGIN_MS} ms.
     */
    private Duration checkinDecisionLag() {
        long grace = clientConfig.getLong(ScreeningConfig.CHECKIN_GRACE_MS);
        long interval = clientConfig.getLong(ScreeningConfig.OBSERVATION_PUNCTUATION_INTERVAL_MS);
        return Duration.ofMillis(grace + interval + CHECKIN_DECISION_MARGIN_MS);
    }

    /**
     * The traffic: the simulator in real time ({@code sim.speed=1}) from now on, endless, with a
     * flat day so the rate is what {@code --rate} says at any hour, and the scan volume derived from
     * that rate; any {@code sim.*} setting the user gave wins. It runs on its own thread.
     */
    private void startSimulator() {
        Map<String, Object> props = EngineConfigs.forProducerEngine(clientConfig);
        int villages = clientConfig.getInt(ScenarioConfig.VILLAGES);
        double rate = config.getDouble(DemoConfig.RATE);
        props.putIfAbsent(ScenarioConfig.PSEUDONYM_SECRET, pseudonymSecret()); // one person, one token, on every channel
        props.putIfAbsent(SimulatorConfig.SPEED, "1");
        props.putIfAbsent(ScenarioConfig.DURATION_MS, "0");
        props.putIfAbsent(ScenarioConfig.START, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        props.putIfAbsent(ScenarioConfig.HOURLY_PROFILE, String.join(",", Collections.nCopies(24, "1")));
        props.putIfAbsent(ScenarioConfig.SCANS_PER_VILLAGE_PER_DAY, String.valueOf(rate * 86_400 / villages));
        // the ground truth classifies with the screening's own temperature rule
        TemperatureRule rule = new TemperatureRule(clientConfig.getDouble(ScreeningConfig.FEVER_THRESHOLD_CELSIUS),
                clientConfig.getDouble(ScreeningConfig.PLAUSIBLE_MIN_CELSIUS), clientConfig.getDouble(ScreeningConfig.PLAUSIBLE_MAX_CELSIUS));
        props.putIfAbsent(ScenarioConfig.FEVER_THRESHOLD_CELSIUS, String.valueOf(rule.feverCelsius()));
        props.putIfAbsent(ScenarioConfig.PLAUSIBLE_MIN_CELSIUS, String.valueOf(rule.plausibleMinCelsius()));
        props.putIfAbsent(ScenarioConfig.PLAUSIBLE_MAX_CELSIUS, String.valueOf(rule.plausibleMaxCelsius()));
        // and its people report by the screening's check-in deadlines (in the one deployment time.zone)
        props.putIfAbsent(ScenarioConfig.CHECKIN_SCHEDULE, checkinSlots());
        SimulatorConfig simConfig = new SimulatorConfig(props);
        simulator = lifecycle.register("simulator", Simulator.create(simConfig, metrics.registry()));
        nameTheSimulatedCounty();
        simulatorRun = simulator.runAsync();
    }

    /**
     * Keeps this run's ground truth in the data directory every few seconds, so a run killed before
     * its summary still leaves what it sent (up to the last checkpoint) for the next run's totals.
     */
    private void checkpointGroundTruth() {
        var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ground-truth-checkpoint");
            t.setDaemon(true);
            return t;
        });
        lifecycle.register("ground-truth checkpoint", (AutoCloseable) timer::shutdownNow);
        timer.scheduleWithFixedDelay(() -> {
            try {
                runs.record(DemoSummary.Expected.of(simulator.groundTruth()), false);
            } catch (RuntimeException e) {
                LOG.warn("Cannot keep the simulator's ground truth in the data directory: {}", e.toString());
            }
        }, 0, GROUND_TRUTH_CHECKPOINT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Writes generated names of the simulated county's divisions into the gazetteer ({@code area_name},
     * as {@code gatewatch areas import} would), so reports read like the real thing. Names already
     * there (imported by the user) are not overwritten.
     */
    private void nameTheSimulatedCounty() {
        List<AreaNames.AreaName> names = simulator.generator().world().placeNames().stream()
                .map(p -> new AreaNames.AreaName(p.code(), p.name(), p.nameEn())).toList();
        try {
            // the sink migrates on its own thread; Flyway's lock makes a second migrate wait for it, then do nothing
            SinkSchema.migrate(postgres.dataSource());
            AreaNames.writeMissing(postgres.dataSource(), names, Instant.now());
        } catch (SQLException e) {
            LOG.warn("Cannot name the simulated county's areas: {}", e.toString());
        }
        try {
            AreaNamesTopic.publish(clientConfig, names, true); // for the webhook notifier and the subscriber
        } catch (RuntimeException e) {
            LOG.warn("Cannot publish the simulated county's names to {}: {}", Topics.AREAS, e.toString());
        }
    }

    /** Stops the traffic and waits (bounded) for the simulator to flush what it sent. */
    public void stopTraffic(Duration timeout) {
        simulator.stop();
        try {
            simulatorRun.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("Simulator did not finish cleanly: {}", e.toString());
        }
    }

    private final List<StreamsRunner> streamsRunners = new java.util.ArrayList<>();

    /** The topologies, state under the data directory; their application ids join the watched consumer groups. */
    private void startStreams() {
        for (StreamsApps.Started app : StreamsApps.start(clientConfig, metrics, health, lifecycle, data.resolve("streams").toString(),
                () -> LOG.error("A Kafka Streams application of the demo failed; see the log above"))) {
            consumerGroups.add(app.applicationId());
            streamsRunners.add(app.runner());
        }
    }

    /**
     * Stops the topologies once the traffic has stopped and drained. The counts topology emits on
     * the wall clock (punctuation) even without new scans, so without this the sink could still be
     * writing figures while the summary counts the rows. Closing twice (here and at shutdown) is safe.
     */
    public void stopStreams() {
        streamsRunners.forEach(StreamsRunner::close);
    }

    /**
     * The PostgreSQL sink on the embedded database (its schema migrated at start), as group {@code gatewatch-sink} unless
     * configured, and its retention purger, as {@code gatewatch sink} runs them.
     */
    private void startSink() {
        Map<String, Object> props = EngineConfigs.forConsumerEngine(clientConfig, ConfigCatalog.SINK_SECTION);
        props.put(SinkConfig.JDBC_URL, postgres.jdbcUrl());
        props.put(SinkConfig.JDBC_USER, postgres.user());
        SinkConfig sinkConfig = new SinkConfig(props);
        sink = lifecycle.register("postgres sink", new PostgresSink(sinkConfig, metrics.registry()).start());
        // the demo keeps health data no longer than a deployment would (docs/PRIVACY.md)
        lifecycle.register("retention purger",
                RetentionPurger.forSink(sinkConfig, metrics.registry()).start(sinkConfig.retentionPurgeInterval()));
        consumerGroups.add(sinkConfig.groupId());
        health.addLivenessCheck("postgres-sink", () -> sink.health().isHealthy());
        health.addReadinessCheck("postgres-sink", () -> sink.health().state() == SinkState.RUNNING);
    }

    /**
     * The HTTP ingest on this stack's broker and registry. Unless configured, it listens on
     * 127.0.0.1 (any free port) with one client, {@code demo}, allowed every source, whose token is
     * generated once and kept in a file only the user can read: secrets are never printed.
     */
    private void startIngest() {
        Map<String, Object> props = EngineConfigs.forProducerEngine(clientConfig);
        props.putIfAbsent(IngestCommonConfig.PSEUDONYM_SECRET, pseudonymSecret());
        props.putIfAbsent(HttpIngestConfig.HOST, "127.0.0.1");
        props.putIfAbsent(HttpIngestConfig.PORT, "0");
        // the edge refuses what screening would: the same clock bounds
        props.putIfAbsent(HttpIngestConfig.MAX_AGE_MS, String.valueOf(clientConfig.getLong(ScreeningConfig.MAX_AGE_MS)));
        props.putIfAbsent(HttpIngestConfig.MAX_FUTURE_SKEW_MS, String.valueOf(clientConfig.getLong(ScreeningConfig.MAX_FUTURE_SKEW_MS)));
        if (!props.containsKey(HttpIngestConfig.CLIENTS)) {
            props.put(HttpIngestConfig.CLIENTS, "demo");
            props.put(HttpIngestConfig.CLIENT_PREFIX + "demo" + HttpIngestConfig.TOKEN_SUFFIX, secretFile(INGEST_TOKEN_FILE));
            props.put(HttpIngestConfig.CLIENT_PREFIX + "demo" + HttpIngestConfig.SOURCES_SUFFIX,
                    Stream.of(ScanSource.GATE_DEVICE, ScanSource.PHONE_APP, ScanSource.STAFF_ENTRY, ScanSource.CLINIC, ScanSource.PHARMACY)
                            .map(Enum::name).collect(Collectors.joining(",")));
        }
        ingest = lifecycle.register("http ingest", HttpIngestServer.start(new HttpIngestConfig(props), metrics.registry()));
        health.addReadinessCheck("http-ingest", ingest::isReady);
    }

    /**
     * The daily report over the stored figures on its own port (any free one unless
     * {@code report.http.port} is given), for one reader, {@code demo}, scoped to the simulated
     * county, whose token is kept in a file like the ingest's; the printed URL is today's report.
     */
    private void startReports() {
        ZoneId zone = ZoneId.of(clientConfig.getString(CommonConfig.TIME_ZONE));
        String county = clientConfig.getString(ScenarioConfig.COUNTY_CODE);
        HttpServerSettings settings = config.httpServer(ReportSettings.HTTP_PREFIX);
        if (!config.originals().containsKey(ReportSettings.HTTP_PORT)) {
            settings = settings.withAddress(settings.host(), 0);
        }
        ReportAccess access = new ReportAccess(Map.of(new ReportAccess.Reader("demo", java.util.List.of(county)),
                new org.apache.kafka.common.config.types.Password(secretFile(REPORT_TOKEN_FILE))), Map.of());
        HttpEndpoint reports = lifecycle.register("report server", HttpEndpoint.start("Report server", settings,
                new ReportHttpHandler(new ReportGenerator(postgres.dataSource()), zone, access)));
        String url = reports.uri() + ReportHttpHandler.PATH + "?date=" + LocalDate.now(zone) + "&area=" + county + "&lang=en";
        endpoints.add("reportUrl", "Daily report", url, "format=md|csv, lang=zh; needs the bearer token of reader 'demo'");
        endpoints.note("  Read the report:  curl -H \"Authorization: Bearer $(cat " + data.resolve(REPORT_TOKEN_FILE) + ")\" '" + url + "'");
    }

    /** The deployment secret: {@code pseudonym.secret} if given, else one generated for this data directory. */
    private String pseudonymSecret() {
        String given = clientConfig.originals().get(IngestCommonConfig.PSEUDONYM_SECRET);
        return given != null ? given : secretFile(PSEUDONYM_SECRET_FILE);
    }

    /** A random secret kept in {@code name} under the data directory (created once, owner-only), so a restart keeps it. */
    private String secretFile(String name) {
        Path file = data.resolve(name);
        try {
            if (!Files.exists(file)) {
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            }
            return Files.readString(file).trim();
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("The data directory's file system cannot make owner-only files: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep a secret in " + file, e);
        }
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** The configuration the processes of this stack use: the user's, pointed at the embedded parts. */
    public ResolvedConfig clientConfig() {
        return clientConfig;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    public ProcessMetrics metrics() {
        return metrics;
    }

    public Health health() {
        return health;
    }

    /** Consumer groups whose lag the progress line and the drain watch. */
    public List<String> consumerGroups() {
        return List.copyOf(consumerGroups);
    }

    public ProgressSnapshot snapshot() {
        refreshRowCounts(false);
        MeterFigures figures = new MeterFigures(metrics.registry());
        OptionalLong currentLag = consumerGroups.isEmpty() ? OptionalLong.empty() : lag.total(consumerGroups);
        return new ProgressSnapshot(System.nanoTime(), figures.total(MetricNames.PRODUCED, "outcome", "sent"),
                figures.total(MetricNames.SCANS), figures.total(MetricNames.ALERTS), figures.total(MetricNames.SCANS_REJECTED),
                currentLag);
    }

    /**
     * Waits (bounded) until every consumer group has consumed everything on its topics, so the
     * summary's figures are final. Returns false if the pipeline had not caught up in time.
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (consumerGroups.isEmpty() || lag.caughtUp(consumerGroups, Duration.ofSeconds(1))) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                LOG.warn("Pipeline did not catch up within {} ms (lag {}; partitions behind: {})", timeout.toMillis(),
                        lag.total(consumerGroups), lag.behind(consumerGroups));
                return false;
            }
            Thread.sleep(200);
        }
    }

    /**
     * Counts rows now (or, unless {@code force}, at most every 10 s), remembering the result: on
     * Ctrl-C the embedded PostgreSQL stops with the JVM, concurrently, so the summary may have to
     * fall back on the last count. Returns false if the database could not be read.
     */
    private boolean refreshRowCounts(boolean force) {
        if (!force && System.nanoTime() - lastRowCountNanos < Duration.ofSeconds(10).toNanos()) {
            return true;
        }
        try {
            lastRowCounts = TableCounts.of(postgres.dataSource());
            lastAlertsByType = TableCounts.alertsByType(postgres.dataSource());
            lastRowCountNanos = System.nanoTime();
            return true;
        } catch (SQLException e) {
            LOG.debug("Cannot count database rows: {}", e.toString());
            return false;
        }
    }

    /** The figures of the run so far, from this process's meters and the database. */
    public DemoSummary summary(String stoppedBy, boolean drained) {
        MeterFigures figures = new MeterFigures(metrics.registry());
        boolean rowsFinal = refreshRowCounts(true);
        if (!rowsFinal) {
            LOG.warn("The database was no longer readable; the summary reports the rows counted {} s before",
                    Duration.ofNanos(System.nanoTime() - lastRowCountNanos).toSeconds());
        }
        Map<String, Long> rows = lastRowCounts;
        DemoSummary.Expected expected = DemoSummary.Expected.of(simulator.groundTruth());
        runs.record(expected, true); // the traffic has stopped: this run's ground truth is final
        return new DemoSummary(
                Duration.ofNanos(System.nanoTime() - trafficStartedNanos).toMillis(),
                stoppedBy,
                drained,
                figures.total(MetricNames.PRODUCED, "outcome", "sent"),
                figures.total(MetricNames.SCANS),
                figures.total(MetricNames.SCANS_DUPLICATE),
                figures.total(MetricNames.SCANS_LATE),
                figures.totalsBy(MetricNames.SCANS, "source"),
                figures.totalsBy(MetricNames.ALERTS, "type"),
                figures.totalsBy(MetricNames.SCANS_REJECTED, "reason"),
                rows,
                rowsFinal,
                expected,
                endpoints.values(),
                runs.cumulative(expected, lastAlertsByType),
                observation(simulator.groundTruth()));
    }

    /** This run's breaches and missed check-ins, stored and expected, over the deadlines screening has certainly decided. */
    private DemoSummary.Observation observation(GroundTruth truth) {
        SimWatchlist watchlist = simulator.generator().watchlist();
        List<String> tokens = watchlist.observations().stream().map(o -> o.entry().getPersonToken()).toList();
        Instant after = watchlist.knownSince();
        Instant settled = truth.checkinsSettledUntil();
        Instant decided = settled.minus(checkinDecisionLag());
        if (decided.isBefore(after)) {
            decided = after;
        }
        long breaches = -1;
        long missed = -1;
        try {
            breaches = TableCounts.personAlerts(postgres.dataSource(), AlertType.OBSERVATION_BREACH.name(), tokens, after, settled);
            missed = TableCounts.personAlerts(postgres.dataSource(), AlertType.MISSED_CHECKIN.name(), tokens, after, decided);
        } catch (SQLException e) {
            LOG.warn("Cannot count the stored observation alerts: {}", e.toString());
        }
        return new DemoSummary.Observation(truth.watchlisted(ObservationKind.HOME), truth.watchlisted(ObservationKind.CENTRAL),
                breaches, truth.observationBreaches(), missed, truth.missedCheckinsDueBy(decided), after.toString(), decided.toString());
    }
}

package io.gatewatch.bench.load;

import io.gatewatch.schema.MetricNames;
import io.gatewatch.streams.common.StreamsSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * One Kafka Streams application of a phase, built the way the application module builds it:
 * {@link StreamsSettings} (fresh application id and state directory, the phase's guarantee,
 * threads and commit interval, any {@code --set} keys) and the topology from its factory. With
 * {@code instances > 1} it is that many {@link KafkaStreams} clients of the same application id in
 * this JVM, each with its own state directory, as separate machines would run it (Kafka spreads
 * the tasks over them; standby replicas, if configured, go to the other instance). With
 * {@code --instance-jvms} instances 2..I run each in a child JVM instead ({@link InstanceJvm}), with
 * the same settings and state directories, and what this class reports (counters, stream-thread CPU,
 * thread time) sums over all of them. A failed stream thread shuts its client down, and every wait
 * fails fast on it.
 */
final class RunningApp implements AutoCloseable {
    final String name;
    final String applicationId;
    final Path stateDir;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<String> sources;
    final boolean exactlyOnce;
    final Map<String, Object> effectiveSettings;
    private final List<KafkaStreams> instances = new ArrayList<>();
    /** Settings of the instances that run in child JVMs; empty when all run in this JVM. */
    private final List<Map<String, String>> childSettings = new ArrayList<>();
    private final List<InstanceJvm> children = new ArrayList<>();
    private final Map<String, String> topologySettings;
    private final String instanceJvmRegistryUrl;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private long startedNanos;
    private double startupSeconds;
    private List<TopicPartition> inputs;

    /**
     * @param topology               builds the topology from the meters and the Streams properties
     * @param instanceJvmRegistryUrl the schema registry's HTTP URL to run instances 2..I in child JVMs
     *                               ({@link InstanceMain} builds the topology {@code name} names), or
     *                               null to run every instance in this JVM
     */
    RunningApp(String name, List<String> sources, String guarantee, int threads, int instanceCount, Long commitIntervalMs,
               Map<String, String> extra, String bootstrapServers, Path workDir,
               BiFunction<SimpleMeterRegistry, Properties, Topology> topology, String instanceJvmRegistryUrl) {
        this.name = name;
        this.topologySettings = Map.copyOf(extra);
        this.instanceJvmRegistryUrl = instanceJvmRegistryUrl;
        this.sources = List.copyOf(sources);
        this.applicationId = "bench-" + name + "-" + Long.toString(System.nanoTime(), 36);
        this.stateDir = workDir.resolve(applicationId);
        Map<String, Object> settings = new HashMap<>(extra);
        settings.put(StreamsSettings.APPLICATION_ID, applicationId);
        settings.put(StreamsSettings.BOOTSTRAP_SERVERS, bootstrapServers);
        settings.put(StreamsSettings.PROCESSING_GUARANTEE, guarantee);
        settings.put(StreamsSettings.NUM_STREAM_THREADS, threads);
        if (commitIntervalMs != null) {
            settings.put(StreamsSettings.COMMIT_INTERVAL_MS, commitIntervalMs);
        }
        boolean eos = false;
        Map<String, Object> effective = new TreeMap<>();
        for (int i = 0; i < instanceCount; i++) {
            settings.put(StreamsSettings.STATE_DIR, (instanceCount == 1 ? stateDir : stateDir.resolve("instance-" + i)).toString());
            StreamsSettings streamsSettings = new StreamsSettings(settings);
            eos = streamsSettings.exactlyOnce();
            Properties props = streamsSettings.toStreamsProperties(meters);
            for (String key : List.of(StreamsSettings.PROCESSING_GUARANTEE, StreamsSettings.NUM_STREAM_THREADS,
                    StreamsSettings.COMMIT_INTERVAL_MS, StreamsSettings.NUM_STANDBY_REPLICAS, StreamsSettings.STATESTORE_CACHE_MAX_BYTES,
                    StreamsSettings.ROCKSDB_BLOCK_CACHE_BYTES, StreamsSettings.ROCKSDB_WRITE_BUFFER_BYTES)) {
                effective.put(key, props.getOrDefault(key, "Kafka default"));
            }
            if (i > 0 && instanceJvmRegistryUrl != null) {
                Map<String, String> asText = new TreeMap<>();
                settings.forEach((k, v) -> asText.put(k, String.valueOf(v)));
                childSettings.add(asText);
                // the run's JVM for this slot, started now if new, so the JVMs of a phase's applications start in parallel
                children.add(InstanceJvm.forSlot(name + "-" + (i + 1), workDir));
                continue;
            }
            KafkaStreams streams = new KafkaStreams(topology.apply(meters, props), props);
            streams.setUncaughtExceptionHandler(e -> {
                failure.compareAndSet(null, e);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            instances.add(streams);
        }
        effective.put("instances", instanceCount);
        effective.put("instancesRunIn", instanceJvmRegistryUrl == null || instanceCount == 1 ? "the harness JVM"
                : "instance 1 in the harness JVM, " + (instanceCount == 2 ? "instance 2" : "instances 2.." + instanceCount + " each")
                        + " in a child JVM");
        this.exactlyOnce = eos;
        this.effectiveSettings = effective;
    }

    void start() {
        startedNanos = System.nanoTime();
        for (int i = 0; i < children.size(); i++) {
            children.get(i).prepare(new InstanceJvm.Spec(name, instanceJvmRegistryUrl, topologySettings, childSettings.get(i)));
        }
        try {
            for (InstanceJvm child : children) {
                child.awaitPrepared(name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing the instance JVMs of " + name, e);
        }
        instances.forEach(KafkaStreams::start);
        children.forEach(InstanceJvm::run);
    }

    /** Waits until RUNNING; returns the start-up seconds. */
    double awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!instances.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING)
                || !children.stream().allMatch(c -> c.state().equals(KafkaStreams.State.RUNNING.name()))) {
            checkHealthy();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not RUNNING after " + timeout.toSeconds() + " s: "
                        + instances.stream().map(KafkaStreams::state).toList() + children.stream().map(InstanceJvm::state).toList());
            }
            Thread.sleep(10);
        }
        startupSeconds = (System.nanoTime() - startedNanos) / 1e9;
        return startupSeconds;
    }

    double startupSeconds() {
        return startupSeconds;
    }

    void checkHealthy() {
        if (failure.get() != null) {
            throw new IllegalStateException("Streams application " + name + " failed", failure.get());
        }
        for (KafkaStreams streams : instances) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("Streams application " + name + " is " + state);
            }
        }
        children.forEach(child -> child.checkHealthy(name));
    }

    /** Where the instances run: this JVM's process id, then the child JVMs'. */
    List<String> placement() {
        List<String> out = new ArrayList<>();
        out.add(instances.size() + " instance(s) in the harness JVM (pid " + ProcessHandle.current().pid() + ")");
        children.forEach(child -> out.add("1 instance in child JVM pid " + child.pid()));
        return out;
    }

    /** The partitions whose committed offsets tell that the input is consumed: sources and own repartition topics. */
    List<TopicPartition> inputs(Offsets offsets) {
        if (inputs == null) {
            List<String> topics = new ArrayList<>(sources);
            topics.addAll(offsets.topicsLike(applicationId + "-", "-repartition"));
            inputs = offsets.partitions(topics);
        }
        return inputs;
    }

    /** Lag on the inputs, or null if the broker did not answer. */
    Map<TopicPartition, Long> lag(Offsets offsets) {
        return offsets.lag(applicationId, inputs(offsets));
    }

    /** CPU seconds of this application's stream threads (not their producers' network threads), child JVMs' included. */
    double streamThreadCpuSeconds() {
        return ResourceMeter.threadCpuSeconds(streamThreads(applicationId))
                + childReports().stream().mapToDouble(InstanceJvm.Report::streamThreadCpuSeconds).sum();
    }

    static Predicate<String> streamThreads(String applicationId) {
        return t -> t.startsWith(applicationId) && t.contains("StreamThread-") && !t.contains("producer");
    }

    /** Records screening finished with (screened, refused, dropped as duplicates), from its meters; -1 for other topologies. */
    long screeningProcessed() {
        return counted(MetricNames.SCANS, MetricNames.SCANS_REJECTED, MetricNames.SCANS_DUPLICATE);
    }

    /** The sum of the named counters over every instance, child JVMs' included. */
    long counted(String... meterNames) {
        List<InstanceJvm.Report> reports = childReports();
        double total = 0;
        for (String meter : meterNames) {
            total += meters.find(meter).counters().stream().mapToDouble(c -> c.count()).sum();
            total += reports.stream().mapToDouble(r -> r.counters().getOrDefault(meter, 0.0)).sum();
        }
        return Math.round(total);
    }

    private List<InstanceJvm.Report> childReports() {
        List<InstanceJvm.Report> reports = new ArrayList<>();
        try {
            for (InstanceJvm child : children) {
                reports.add(child.report());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking the instance JVMs of " + name, e);
        }
        return reports;
    }

    /** Kafka Streams' own account of the stream threads' time (averaged over threads). */
    Map<String, Double> threadTimeShares() {
        Map<String, List<Double>> values = threadTimeValues(instances);
        childReports().forEach(r -> r.threadTime().forEach((k, v) -> values.computeIfAbsent(k, key -> new ArrayList<>()).addAll(v)));
        Map<String, Double> averages = new TreeMap<>();
        values.forEach((k, v) -> averages.put(k, Math.round(v.stream().mapToDouble(Double::doubleValue).average().orElse(0) * 1000) / 1000.0));
        return averages;
    }

    /** The stream threads' time ratios of these clients, one value per thread. */
    static Map<String, List<Double>> threadTimeValues(List<KafkaStreams> clients) {
        Map<String, List<Double>> values = new TreeMap<>();
        Set<String> wanted = Set.of("process-ratio", "commit-ratio", "poll-ratio", "punctuate-ratio", "commit-latency-avg");
        clients.forEach(streams -> streams.metrics().forEach((metricName, metric) -> {
            if (metricName.group().equals("stream-thread-metrics") && wanted.contains(metricName.name())
                    && metric.metricValue() instanceof Double value && !value.isNaN() && !value.isInfinite()) {
                values.computeIfAbsent(metricName.name(), k -> new ArrayList<>()).add(value);
            }
        }));
        return values;
    }

    long stateBytes() {
        return ResourceMeter.directoryBytes(stateDir);
    }

    static long totalLag(Map<TopicPartition, Long> lag) {
        return lag == null ? -1 : lag.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * True when every input partition is consumed: lag 0, or, under exactly-once, at most 1 (a
     * trailing transaction marker past the last record; the caller confirms it does not move).
     */
    static boolean consumed(Map<TopicPartition, Long> lag, boolean exactlyOnce) {
        return lag != null && !lag.isEmpty() && lag.values().stream().allMatch(l -> l == 0 || exactlyOnce && l <= 1);
    }

    static boolean allConsumed(Collection<Map<TopicPartition, Long>> lags, boolean exactlyOnce) {
        return lags.stream().allMatch(l -> consumed(l, exactlyOnce));
    }

    @Override
    public void close() {
        children.forEach(InstanceJvm::requestStop); // they close alongside this JVM's instances
        try {
            instances.forEach(streams -> streams.close(Duration.ofSeconds(30)));
            instances.forEach(KafkaStreams::cleanUp);
        } finally {
            children.forEach(InstanceJvm::awaitStopped);
        }
    }
}

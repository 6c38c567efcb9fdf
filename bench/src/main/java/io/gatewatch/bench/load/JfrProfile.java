package io.gatewatch.bench.load;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of one run (execution samples every 10 ms, blocking events of 1 ms or more with
 * stacks), folded into CPU shares: by thread group, and for the stream threads by the innermost
 * component on the stack (Avro, producer send, Streams internals, state stores, RocksDB, metrics,
 * GateWatch's own code, ...). JFR adds overhead: use it for shares, not rates.
 */
final class JfrProfile implements AutoCloseable {
    private final Recording recording = new Recording();
    private final Path file;

    private JfrProfile(Path file) {
        this.file = file;
    }

    static JfrProfile start(Path file) {
        JfrProfile profile = new JfrProfile(file);
        profile.recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        for (String blocking : List.of("jdk.ThreadPark", "jdk.JavaMonitorWait", "jdk.JavaMonitorEnter", "jdk.SocketRead",
                "jdk.FileForce", "jdk.FileWrite")) {
            profile.recording.enable(blocking).withThreshold(Duration.ofMillis(1)).withStackTrace();
        }
        profile.recording.enable("jdk.GarbageCollection");
        profile.recording.start();
        return profile;
    }

    /** Stops, writes the recording and folds it. */
    LoadReport.Profile stopAndFold(String run) throws IOException {
        recording.stop();
        recording.dump(file);
        return fold(run, RecordingFile.readAllEvents(file));
    }

    static LoadReport.Profile fold(String run, List<RecordedEvent> events) {
        Map<String, Integer> byThread = new TreeMap<>();
        Map<String, Integer> byComponent = new LinkedHashMap<>();
        Map<String, Integer> topFrames = new TreeMap<>();
        Map<String, Double> blockedMs = new TreeMap<>();
        Map<String, Predicate<String>> components = components();
        int streamSamples = 0;
        int total = 0;
        double gcMs = 0;
        for (RecordedEvent event : events) {
            String type = event.getEventType().getName();
            if (type.equals("jdk.GarbageCollection")) {
                gcMs += event.getDuration().toNanos() / 1e6;
                continue;
            }
            if (!type.equals("jdk.ExecutionSample")) {
                if (event.getThread() != null && isStreamThread(event.getThread().getJavaName()) && event.getStackTrace() != null) {
                    blockedMs.merge(type.replace("jdk.", "") + " in " + blockedWhere(event.getStackTrace().getFrames()),
                            event.getDuration().toNanos() / 1e6, Double::sum);
                }
                continue;
            }
            if (event.getStackTrace() == null) {
                continue;
            }
            total++;
            String thread = event.getThread("sampledThread") == null ? null : event.getThread("sampledThread").getJavaName();
            byThread.merge(threadGroup(thread), 1, Integer::sum);
            if (!isStreamThread(thread)) {
                continue;
            }
            streamSamples++;
            List<String> frames = new ArrayList<>();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
            }
            if (!frames.isEmpty()) {
                topFrames.merge(topPackage(frames.get(0)), 1, Integer::sum);
            }
            byComponent.merge(component(frames, components), 1, Integer::sum);
        }
        blockedMs.put("garbage collection pauses, all threads (jdk.GarbageCollection)", gcMs);
        return new LoadReport.Profile(run, total, shares(byThread, total, 20), shares(byComponent, streamSamples, 20),
                top(blockedMs, 12), shares(topFrames, streamSamples, 12));
    }

    /** Innermost component wins: processors nest everything downstream of them (forward() is a call). */
    static String component(List<String> framesTopDown, Map<String, Predicate<String>> components) {
        for (String frame : framesTopDown) {
            for (Map.Entry<String, Predicate<String>> candidate : components.entrySet()) {
                if (candidate.getValue().test(frame)) {
                    return candidate.getKey();
                }
            }
        }
        return "other (Streams internals, JDK)";
    }

    /** Components to attribute stream-thread samples to, matched on frames from the top of the stack down. */
    static Map<String, Predicate<String>> components() {
        Map<String, Predicate<String>> components = new LinkedHashMap<>();
        components.put("logging", f -> f.startsWith("ch.qos.logback.") || f.startsWith("org.slf4j."));
        components.put("Micrometer", f -> f.startsWith("io.micrometer."));
        components.put("Kafka client/Streams metrics", f -> f.startsWith("org.apache.kafka.common.metrics."));
        components.put("RocksDB (JNI)", f -> f.startsWith("org.rocksdb."));
        components.put("state stores (Streams layers above RocksDB)", f -> f.startsWith("org.apache.kafka.streams.state."));
        components.put("hand-written codecs (keys, scans, screened scans)", f -> f.startsWith("io.gatewatch.serde.codec."));
        components.put("Avro deserialisation", f -> f.startsWith("io.gatewatch.serde.AvroDeserializer"));
        components.put("Avro serialisation", f -> f.startsWith("io.gatewatch.serde.AvroSerializer"));
        components.put("producer send (batching, lz4)", f -> f.startsWith("org.apache.kafka.clients.producer."));
        components.put("consumer poll (fetch, decompress)", f -> f.startsWith("org.apache.kafka.clients.consumer."));
        components.put("transaction commit / flush", f -> f.contains("commitTransaction") || f.contains("StreamsProducer.flush"));
        components.put("screening rules (validate, enrich, classify, alerts)", f -> f.startsWith("io.gatewatch.streams.screening.ScanValidator")
                || f.startsWith("io.gatewatch.streams.screening.DeviceEnricher") || f.startsWith("io.gatewatch.streams.screening.Classifier")
                || f.startsWith("io.gatewatch.streams.screening.Alerts") || f.startsWith("io.gatewatch.schema.TemperatureRule")
                || f.startsWith("io.gatewatch.streams.screening.RejectionProcessor")
                || f.startsWith("io.gatewatch.streams.screening.ScreeningProcessor"));
        components.put("screening de-duplication", f -> f.startsWith("io.gatewatch.streams.screening.Deduplicator"));
        components.put("screening fault rate", f -> f.startsWith("io.gatewatch.streams.screening.FaultRateTracker"));
        components.put("screening escalation", f -> f.startsWith("io.gatewatch.streams.screening.EscalationProcessor"));
        components.put("counts (GateWatch code)", f -> f.startsWith("io.gatewatch.streams.counts."));
        components.put("generated Avro classes (builders, getters)", f -> f.startsWith("io.gatewatch.schema."));
        return components;
    }

    static boolean isStreamThread(String thread) {
        return thread != null && thread.contains("StreamThread-") && !thread.contains("producer");
    }

    static String threadGroup(String thread) {
        if (thread == null) {
            return "?";
        }
        if (thread.contains("StreamThread") && thread.contains("producer")) {
            return "streams producer network";
        }
        if (thread.contains("GlobalStreamThread")) {
            return "global stream thread";
        }
        if (thread.contains("StreamThread")) {
            return "stream thread(s)";
        }
        if (thread.startsWith("gatewatch-sink")) {
            return "postgres sink";
        }
        if (thread.startsWith("harness-")) {
            return "harness (sampler, alert consumer)";
        }
        if (thread.startsWith("data-plane-kafka") || thread.contains("kafka-request-handler") || thread.contains("network-thread")
                || thread.startsWith("ReplicaFetcher") || thread.contains("log-cleaner") || thread.contains("quorum")
                || thread.contains("broker") || thread.contains("controller") || thread.contains("transaction")
                || thread.contains("group-coordinator") || thread.startsWith("kafka-")) {
            return "broker (same JVM)";
        }
        return thread.replaceAll("[0-9]+", "#");
    }

    /** The innermost Kafka, GateWatch or RocksDB method of a blocking stack (below the JDK's own frames). */
    private static String blockedWhere(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("org.apache.kafka.") || type.startsWith("io.gatewatch.") || type.startsWith("org.rocksdb.")) {
                return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
            }
        }
        return "?";
    }

    static String topPackage(String frame) {
        String[] parts = frame.split("\\.");
        int depth = frame.startsWith("org.apache.kafka.") ? 5 : frame.startsWith("io.gatewatch.") ? 4 : 3;
        return String.join(".", Arrays.copyOf(parts, Math.min(depth, parts.length - 1)));
    }

    /** Percent shares, largest first, at most {@code limit}. */
    static Map<String, Double> shares(Map<String, Integer> counts, int total, int limit) {
        Map<String, Double> out = new LinkedHashMap<>();
        int all = Math.max(1, total);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> out.put(e.getKey(), Math.round(1000.0 * e.getValue() / all) / 10.0));
        return out;
    }

    private static Map<String, Double> top(Map<String, Double> values, int limit) {
        Map<String, Double> out = new LinkedHashMap<>();
        values.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(limit)
                .forEach(e -> out.put(e.getKey(), (double) Math.round(e.getValue())));
        return out;
    }

    @Override
    public void close() {
        recording.close();
    }
}

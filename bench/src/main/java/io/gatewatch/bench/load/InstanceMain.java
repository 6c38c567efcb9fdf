package io.gatewatch.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.serde.AvroSerde;
import io.gatewatch.streams.common.StreamsSettings;
import io.gatewatch.streams.counts.CountsConfig;
import io.gatewatch.streams.counts.CountsSerdes;
import io.gatewatch.streams.counts.CountsTopology;
import io.gatewatch.streams.screening.ScreeningConfig;
import io.gatewatch.streams.screening.ScreeningSerdes;
import io.gatewatch.streams.screening.ScreeningTopology;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * A JVM of its own for Kafka Streams instances of the harness's applications ({@code --instance-jvms},
 * started by {@link InstanceJvm}): it runs one instance at a time, phase after phase, so its JIT is
 * as warm as the harness's own after the warm-up pass; each built from the same settings as the
 * harness's own instance, against the harness's schema registry over HTTP.
 *
 * <p>Protocol: standard input takes {@code prepare {json}} (build the instance an
 * {@link InstanceJvm.Spec} describes), {@code run} (start it), {@code report} (of the running
 * instance, or as the last one stopped) and {@code stop} (close the instance and clean its state
 * up); its end (the
 * harness is done, or died, even by SIGKILL) ends the JVM, so none outlives the harness. Standard
 * output carries only {@value InstanceJvm#PREFIX} lines — {@code prepared}, {@code state S} on every
 * state change, {@code failed message} when a stream thread or the preparation fails,
 * {@code report {json}} when asked, {@code stopped} — and the log goes to standard error.
 */
public final class InstanceMain {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, SchemaRegistryClient> REGISTRIES = new HashMap<>();

    private InstanceMain() {}

    public static void main(String[] args) {
        PrintStream protocol = System.out;
        System.setOut(System.err); // before any logger starts: the console appender writes to the log, not the protocol
        int status = 0;
        try {
            serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), protocol);
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        } finally {
            System.exit(status); // whatever happened: Kafka's non-daemon threads must not keep an orphan alive
        }
    }

    /** Runs the commands until the end of the input, then closes the instance still running, if any. */
    private static void serve(BufferedReader commands, PrintStream protocol) throws IOException {
        KafkaStreams streams = null;
        SimpleMeterRegistry meters = null;
        String applicationId = null;
        // what the last instance reported when it stopped: the harness reads counters after closing an application too
        InstanceJvm.Report stopped = InstanceJvm.Report.NONE;
        String command;
        while ((command = commands.readLine()) != null) {
            if (command.startsWith("prepare ")) {
                InstanceJvm.Spec spec = JSON.readValue(command.substring("prepare ".length()), InstanceJvm.Spec.class);
                try {
                    meters = new SimpleMeterRegistry();
                    stopped = InstanceJvm.Report.NONE;
                    applicationId = spec.streamsSettings().get(StreamsSettings.APPLICATION_ID);
                    streams = prepare(spec, meters, protocol);
                    say(protocol, "prepared");
                } catch (RuntimeException e) {
                    say(protocol, "failed " + String.valueOf(e).replace('\n', ' '));
                }
            } else if (command.equals("run") && streams != null) {
                streams.start();
            } else if (command.equals("report")) {
                say(protocol, "report " + JSON.writeValueAsString(streams != null ? report(applicationId, streams, meters) : stopped));
            } else if (command.equals("stop")) {
                if (streams != null) {
                    stopped = report(applicationId, streams, meters);
                    close(streams, Duration.ofSeconds(30));
                    streams = null;
                }
                say(protocol, "stopped");
            }
        }
        if (streams != null) {
            close(streams, Duration.ofSeconds(5)); // the harness is gone: its broker most likely too
        }
    }

    /** Closes the client and, if it closed in time, removes its state (a client still closing may not be cleaned up). */
    private static void close(KafkaStreams streams, Duration timeout) {
        if (streams.close(timeout)) {
            streams.cleanUp();
        }
    }

    private static KafkaStreams prepare(InstanceJvm.Spec spec, SimpleMeterRegistry meters, PrintStream protocol) {
        Map<String, Object> serdeConfig = Map.of(SchemaRegistryClients.URL, spec.registryUrl());
        // one client per registry for the JVM's life: ids fetched once, as in the harness's JVM
        SchemaRegistryClient registry = REGISTRIES.computeIfAbsent(spec.registryUrl(), url -> SchemaRegistryClients.create(serdeConfig));
        Properties props = new StreamsSettings(spec.streamsSettings()).toStreamsProperties(meters);
        KafkaStreams streams = new KafkaStreams(topology(spec.kind(), spec.topologySettings(), registry, serdeConfig, meters, props), props);
        streams.setStateListener((now, before) -> say(protocol, "state " + now));
        streams.setUncaughtExceptionHandler(e -> {
            say(protocol, "failed " + String.valueOf(e).replace('\n', ' '));
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        return streams;
    }

    /** The topology of the harness application {@code kind}, built as {@link LoadHarness} builds it. */
    static Topology topology(String kind, Map<String, String> settings, SchemaRegistryClient registry, Map<String, Object> serdeConfig,
                             SimpleMeterRegistry meters, Properties props) {
        return switch (kind) {
            case "screening" -> ScreeningTopology.build(new ScreeningConfig(settings), ScreeningSerdes.avro(registry, serdeConfig), meters,
                    props);
            case "counts" -> CountsTopology.build(new CountsConfig(settings), CountsSerdes.avro(registry, serdeConfig), meters, props);
            case "naive" -> NaiveTopology.build(AvroSerde.forKeys(String.class, registry, serdeConfig),
                    AvroSerde.forValues(ScanEvent.class, registry, serdeConfig), props);
            default -> throw new IllegalArgumentException("No harness application '" + kind + "'");
        };
    }

    /** What the harness sums over its instances: counters by name, stream-thread CPU, Kafka Streams' thread-time ratios. */
    private static InstanceJvm.Report report(String applicationId, KafkaStreams streams, SimpleMeterRegistry meters) {
        Map<String, Double> counters = new TreeMap<>();
        for (var meter : meters.getMeters()) {
            if (meter instanceof Counter counter) {
                counters.merge(counter.getId().getName(), counter.count(), Double::sum);
            }
        }
        Map<String, List<Double>> threadTime = RunningApp.threadTimeValues(List.of(streams));
        return new InstanceJvm.Report(counters, ResourceMeter.threadCpuSeconds(RunningApp.streamThreads(applicationId)), threadTime);
    }

    private static void say(PrintStream protocol, String line) {
        protocol.println(InstanceJvm.PREFIX + line);
        protocol.flush();
    }
}

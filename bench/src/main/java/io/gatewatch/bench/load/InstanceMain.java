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
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * One Kafka Streams instance of a harness application in a JVM of its own ({@code --instance-jvms},
 * started by {@link InstanceJvm}): the same topology, built from the same settings as the
 * harness's own instance, against the harness's schema registry over HTTP.
 *
 * <p>Protocol: standard output carries only {@value InstanceJvm#PREFIX} lines — {@code state S}
 * on every state change, {@code failed message} when a stream thread dies, {@code report {json}}
 * when asked — and the log goes to standard error. Standard input takes {@code report} and
 * {@code stop}; its end (the harness died, even by SIGKILL) stops the instance too, so none
 * outlives the harness.
 *
 * <pre>{@code InstanceMain <screening|counts|naive> <registry url> [--set key=value]... [--streams key=value]...}</pre>
 */
public final class InstanceMain {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InstanceMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream protocol = System.out;
        System.setOut(System.err); // before any logger starts: the console appender writes to the log, not the protocol
        String kind = args[0];
        Map<String, Object> serdeConfig = Map.of(SchemaRegistryClients.URL, args[1]);
        Map<String, String> topologySettings = new LinkedHashMap<>();
        Map<String, String> streamsSettings = new LinkedHashMap<>();
        for (int i = 2; i + 1 < args.length; i += 2) {
            String pair = args[i + 1];
            int eq = pair.indexOf('=');
            (args[i].equals("--set") ? topologySettings : streamsSettings).put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Properties props = new StreamsSettings(streamsSettings).toStreamsProperties(meters);
        String applicationId = streamsSettings.get(StreamsSettings.APPLICATION_ID);
        KafkaStreams streams = new KafkaStreams(topology(kind, topologySettings, SchemaRegistryClients.create(serdeConfig), serdeConfig,
                meters, props), props);
        streams.setStateListener((now, before) -> say(protocol, "state " + now));
        streams.setUncaughtExceptionHandler(e -> {
            say(protocol, "failed " + String.valueOf(e).replace('\n', ' '));
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null && !command.equals("stop")) {
            if (command.equals("report")) {
                say(protocol, "report " + JSON.writeValueAsString(report(applicationId, streams, meters)));
            }
        }
        streams.close(Duration.ofSeconds(30));
        streams.cleanUp();
        say(protocol, "stopped");
        System.exit(0); // Kafka leaves non-daemon threads behind
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

package io.gatewatch.producers.gate;

import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.TemperatureUnit;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * How a gate controller uses {@link GateClient}: build it once from a properties file, hand it
 * each scan, react to a refusal, close it on shutdown. Also a standalone gate for chaos runs: it
 * prints {@code accepted <eventId>} for every scan the client accepted (durable in the spool), so
 * whoever kills it (kill -9) knows exactly which scans must reach Kafka.
 *
 * <pre>
 * java -cp producers.jar io.gatewatch.producers.gate.GateClientExample gate.properties [scans [interval-ms]]
 * </pre>
 *
 * The file holds at least {@code bootstrap.servers}, {@code schema.registry.url},
 * {@code pseudonym.secret}, {@code device.id} and {@code spool.dir}. {@code scans} defaults to 20
 * (0: until stopped), {@code interval-ms} to 500. Stop the broker while it runs: scans are still
 * accepted, and arrive once the broker is back (or on the next run, whatever happened to this one).
 */
public final class GateClientExample {
    private GateClientExample() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: GateClientExample <gate.properties> [scans (0 = until stopped)] [interval-ms]");
            System.exit(2);
        }
        long scans = args.length > 1 ? Long.parseLong(args[1]) : 20;
        long intervalMs = args.length > 2 ? Long.parseLong(args[2]) : 500;
        try (GateClient client = GateClient.builder().config(load(Path.of(args[0]))).build()) {
            Runtime.getRuntime().addShutdownHook(new Thread(client::close, "gate-client-close"));
            for (long i = 0; scans == 0 || i < scans; i++) {
                // what the thermometer and the code scanner at the gate just read
                GateScan scan = GateScan.builder()
                        .identity(String.format("33012719900101%04d", i % 10_000)) // pseudonymised inside the client
                        .personKind(i % 5 == 0 ? PersonKind.VISITOR : PersonKind.RESIDENT)
                        .temperature(36.4 + (i % 10) * 0.1, TemperatureUnit.CELSIUS)
                        .bodySite(BodySite.FOREHEAD)
                        .healthCode(i % 7 == 0 ? HealthCodeColour.YELLOW : HealthCodeColour.GREEN)
                        .direction(Direction.IN)
                        .build();
                try {
                    GateClient.Delivery delivery = client.submit(scan);
                    System.out.printf("accepted %s (spool holds %d)%n", delivery.eventId(), client.spoolDepth());
                } catch (SpoolFullException e) {
                    // the only refusal: Kafka is gone and the disk budget is used up; keep the scan on the device
                    System.out.println("refused, spool full: " + e.getMessage());
                }
                System.out.flush();
                Thread.sleep(intervalMs);
            }
        }
    }

    private static Map<String, Object> load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, Object> props = new HashMap<>();
        properties.forEach((k, v) -> props.put(k.toString(), v));
        return props;
    }
}

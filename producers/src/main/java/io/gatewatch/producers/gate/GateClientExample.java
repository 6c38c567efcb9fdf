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
 * each scan, react to the outcome, close it on shutdown. Run with a file holding at least
 * {@code bootstrap.servers}, {@code schema.registry.url}, {@code pseudonym.secret},
 * {@code device.id} and {@code spool.dir}:
 *
 * <pre>
 * java -cp producers.jar io.gatewatch.producers.gate.GateClientExample gate.properties
 * </pre>
 *
 * Stop the broker while it runs: the outcomes switch to SPOOLED, and the spooled scans arrive
 * once the broker is back (or on the next run).
 */
public final class GateClientExample {
    private GateClientExample() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: GateClientExample <gate.properties>");
            System.exit(2);
        }
        try (GateClient client = GateClient.builder().config(load(Path.of(args[0]))).build()) {
            for (int i = 0; i < 20; i++) {
                // what the thermometer and the code scanner at the gate just read
                GateScan scan = GateScan.builder()
                        .identity(String.format("33012719900101%04d", i)) // pseudonymised inside the client
                        .personKind(i % 5 == 0 ? PersonKind.VISITOR : PersonKind.RESIDENT)
                        .temperature(36.4 + (i % 10) * 0.1, TemperatureUnit.CELSIUS)
                        .bodySite(BodySite.FOREHEAD)
                        .healthCode(i % 7 == 0 ? HealthCodeColour.YELLOW : HealthCodeColour.GREEN)
                        .direction(Direction.IN)
                        .build();
                try {
                    GateClient.Delivery delivery = client.record(scan);
                    System.out.printf("scan %s: %s (spool holds %d)%n", delivery.eventId(), delivery.outcome(), client.spoolDepth());
                } catch (SpoolFullException e) {
                    // the only refusal: Kafka is gone and the disk budget is used up; keep the scan on the device
                    System.out.println("spool full, scan kept on the device: " + e.getMessage());
                }
                Thread.sleep(500);
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

package io.gatewatch.bench.chaos;

import io.gatewatch.producers.gate.GateClient;
import io.gatewatch.producers.gate.GateScan;
import io.gatewatch.producers.gate.SpoolFullException;
import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.TemperatureUnit;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A gate controller as its own JVM for the chaos suite: a {@link GateClient} (durable spool)
 * handing over a scan every {@code 1000 / rate} ms — normal readings, green codes, so they raise no
 * alerts and show only in the counts of the gate's village — and appending each event id the
 * client accepted (SENT or SPOOLED) to the accepted log, which the auditor then looks for on the
 * topic and in the counts. Arguments: gate properties file, scans per second, accepted log.
 * It runs until killed; a restart resumes with the same spool.
 */
public final class GateLoadMain {
    static final String READY = "GATE READY";

    private GateLoadMain() {}

    public static void main(String[] args) throws Exception {
        Properties file = new Properties();
        try (var in = Files.newBufferedReader(Path.of(args[0]))) {
            file.load(in);
        }
        Map<String, Object> config = new HashMap<>();
        file.forEach((k, v) -> config.put((String) k, v));
        long pauseMs = Math.max(1, Math.round(1000 / Double.parseDouble(args[1])));
        try (GateClient client = GateClient.builder().config(config).build();
             OutputStream accepted = new FileOutputStream(args[2], true)) {
            System.out.println(READY);
            System.out.flush();
            for (long i = 0; ; i++) {
                GateScan scan = GateScan.builder()
                        .identity(String.format("3301021990%08d", i % 5_000))
                        .personKind(PersonKind.RESIDENT)
                        .temperature(36.5, TemperatureUnit.CELSIUS)
                        .bodySite(BodySite.FOREHEAD)
                        .healthCode(HealthCodeColour.GREEN)
                        .direction(Direction.IN)
                        .build();
                try {
                    GateClient.Delivery delivery = client.submit(scan);
                    // the process may die any moment: a written line is in the OS, so it outlives a kill -9 of this JVM
                    accepted.write((delivery.eventId() + "\n").getBytes(StandardCharsets.UTF_8));
                    accepted.flush();
                } catch (SpoolFullException e) {
                    System.out.println("spool full: " + e.getMessage());
                }
                Thread.sleep(pauseMs);
            }
        }
    }
}

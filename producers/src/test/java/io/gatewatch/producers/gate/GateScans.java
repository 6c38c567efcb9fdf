package io.gatewatch.producers.gate;

import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.TemperatureUnit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Test data for the gate client: scans as a gate reads them, and a client config. */
final class GateScans {
    static final String IDENTITY = "11010119900307451X";
    static final String SECRET = "test-deployment-secret-32-bytes!";
    static final Pseudonymizer PSEUDONYMIZER = new Pseudonymizer(SECRET.getBytes(StandardCharsets.UTF_8));
    static final PlateTokens PLATE_TOKENS = new PlateTokens(SECRET.getBytes(StandardCharsets.UTF_8));
    static final Instant T0 = Instant.parse("2022-12-01T00:30:00Z");
    static final String DEVICE = "D-330127101201-1";
    static final String VILLAGE = "330127101201";

    private GateScans() {}

    /** A resident with a normal forehead reading and a green code, entering at {@link #T0}. */
    static GateScan.Builder aScan() {
        return GateScan.builder()
                .identity(IDENTITY)
                .personKind(PersonKind.RESIDENT)
                .temperature(36.6, TemperatureUnit.CELSIUS)
                .bodySite(BodySite.FOREHEAD)
                .healthCode(HealthCodeColour.GREEN)
                .direction(Direction.IN)
                .scannedAt(T0);
    }

    /** Config for a client of {@link #DEVICE} with its spool in {@code spoolDir}. */
    static Map<String, Object> clientConfig(String bootstrap, String registryUrl, Path spoolDir) {
        Map<String, Object> props = new HashMap<>();
        props.put(GateClientConfig.BOOTSTRAP_SERVERS, bootstrap);
        props.put(GateClientConfig.SCHEMA_REGISTRY_URL, registryUrl);
        props.put(GateClientConfig.PSEUDONYM_SECRET, SECRET);
        props.put(GateClientConfig.DEVICE_ID, DEVICE);
        props.put(GateClientConfig.CHECKPOINT_ID, "CP-330127101201-1");
        props.put(GateClientConfig.VILLAGE_CODE, VILLAGE);
        props.put(GateClientConfig.SPOOL_DIR, spoolDir.toString());
        return props;
    }
}

package io.gatewatch.serde;

import static io.gatewatch.schema.TestRecords.aDeviceRegistration;
import static io.gatewatch.schema.TestRecords.aFeverScreenedScan;
import static io.gatewatch.schema.TestRecords.aMultiCheckpointAlert;
import static io.gatewatch.schema.TestRecords.aVillageHourCount;
import static io.gatewatch.schema.TestRecords.aVillageHourKey;
import static io.gatewatch.schema.testing.ScanEventBuilder.aScan;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.fuzz.FrameMutator;
import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.AreaCountKey;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreeningAlert;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The adversarial suite of issue 13 for every Avro deserializer of the contracts: from valid frames
 * of each type, {@value #INPUTS_PER_TYPE} seeded hostile inputs each (truncations, bit flips, huge
 * varint lengths, wrong magic bytes and schema ids, splices, random bytes). Every input is either
 * decoded or refused with the documented typed exception ({@link SerializationException} with a
 * message); nothing else escapes, no OutOfMemoryError. 7 types: 70,000 inputs per build.
 * Replay a failure with {@code -Dfuzz.seed=<seed>}; the failing input's index and bytes are reported.
 */
class AvroDeserializerFuzzTest {
    static final int INPUTS_PER_TYPE = 10_000;
    private static final long SEED = FrameMutator.seed(0x13_2026L);

    private static final InMemorySchemaRegistryClient REGISTRY = new InMemorySchemaRegistryClient();
    private static final Map<String, String> CONFIG = Map.of("schema.registry.url", "mock://unused");

    static Stream<Arguments> contracts() {
        return Stream.of(
                contract("ScanEvent", ScanEvent.class, false, aScan().build(),
                        aScan().withTemperature(38.4).withCode(HealthCodeColour.RED).asVisitor().inVehicle("京A12345")
                                .withTestResultAgeHours(30).build()),
                contract("DeviceRegistration", DeviceRegistration.class, false, aDeviceRegistration()),
                contract("ScreenedScan", ScreenedScan.class, false, aFeverScreenedScan()),
                contract("ScreeningAlert", ScreeningAlert.class, false, aMultiCheckpointAlert()),
                contract("AreaCount", AreaCount.class, false, aVillageHourCount()),
                contract("AreaCountKey", AreaCountKey.class, true, aVillageHourKey()),
                contract("String key", String.class, true, "D1", "110105001001", "北门-7"));
    }

    @SafeVarargs
    private static <T> Arguments contract(String name, Class<T> type, boolean isKey, T... samples) {
        AvroSerde<T> serde = isKey ? AvroSerde.forKeys(type, REGISTRY, CONFIG) : AvroSerde.forValues(type, REGISTRY, CONFIG);
        List<byte[]> frames = new ArrayList<>();
        for (T sample : samples) {
            frames.add(serde.serializer().serialize(topic(name), sample));
        }
        return Arguments.of(name, serde, frames);
    }

    /** One topic (so one registry subject) per contract. */
    private static String topic(String contract) {
        return "fuzz." + contract.replace(' ', '-');
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contracts")
    void shouldDecodeOrRefuseEveryHostileFrameWithTheTypedException(String name, AvroSerde<?> serde, List<byte[]> frames) {
        FrameMutator mutator = new FrameMutator(SEED ^ name.hashCode(), frames);
        int decoded = 0;
        int refused = 0;
        List<String> escaped = new ArrayList<>();
        for (int i = 0; i < INPUTS_PER_TYPE; i++) {
            byte[] input = mutator.next();
            try {
                serde.deserializer().deserialize(topic(name), input);
                decoded++;
            } catch (SerializationException e) {
                assertThat(e.getMessage()).as("refusal of input %d has a reason", i).isNotBlank();
                refused++;
            } catch (Throwable t) { // the point of the suite: Errors included
                escaped.add("input " + i + " (" + HexFormat.of().formatHex(input) + "): " + t);
            }
        }

        assertThat(escaped).as("%s, seed %d: inputs that escaped with something else", name, SEED).isEmpty();
        assertThat(decoded + refused).isEqualTo(INPUTS_PER_TYPE);
        assertThat(decoded).as("unchanged frames and harmless mutations decode").isPositive();
        assertThat(refused).isPositive();
    }
}

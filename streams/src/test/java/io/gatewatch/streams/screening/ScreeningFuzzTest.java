package io.gatewatch.streams.screening;

import static io.gatewatch.schema.testing.ScanEventBuilder.token;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.VILLAGE_1;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aDevice;
import static io.gatewatch.streams.screening.testsupport.ScreeningRecords.aScan;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.fuzz.FrameMutator;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.MetricNames;
import io.gatewatch.schema.PersonTokens;
import io.gatewatch.schema.RejectReason;
import io.gatewatch.schema.RejectedRecordHeaders;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.TextPolicy.FieldLimits;
import io.gatewatch.schema.TextPolicy;
import io.gatewatch.streams.common.RejectedRecords;
import io.gatewatch.streams.screening.testsupport.ScreeningDriver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The screening topology under hostile input (issue 13's adversarial suite, Kafka side): mutated
 * Confluent frames and scans with hostile text in every field, piped through the real topology.
 * The driver never throws; every input ends up screened, refused on {@code gatewatch.scans.rejected}
 * with a catalogued reason, or dropped as a counted duplicate; nothing that breaks the text policy
 * or the token shape is ever screened. Replay a failure with {@code -Dfuzz.seed=<seed>}.
 */
class ScreeningFuzzTest {
    static final int MUTATED_FRAMES = 4_000;
    static final int HOSTILE_SCANS = 2_000;
    private static final long SEED = FrameMutator.seed(0x13_2026L);
    private static final String DEVICE = "gate-dev-1";
    private static final Set<String> CODES = Arrays.stream(RejectReason.values()).map(RejectReason::code).collect(Collectors.toSet());
    /** Ordinary characters and the ones the text policy exists for; the emoji is a surrogate pair. */
    private static final String[] ALPHABET = {"a", "Z", "7", "-", "_", "北", "😀", " ", "\u0000", "\u0001", "\t", "\n",
            "\u007f", "\u0085", "\ud800", "\udc00", "\ufffe", "\uffff"};

    // at-least-once: the deserialization handler's dead letters are visible to the test driver (see ScreeningDriver)
    @AutoClose
    private final ScreeningDriver screening = ScreeningDriver.startAtLeastOnce().register(aDevice(DEVICE).build());
    private final List<String> escaped = new ArrayList<>();

    @Test
    void shouldScreenOrRejectWithAReasonEveryMutatedFrame() {
        // Given mutations of valid frames of every kind of scan
        List<byte[]> frames = List.of(
                screening.scanBytes(aScan().fromDevice(DEVICE).withTemperature(38.4).build()),
                screening.scanBytes(aScan().fromDevice(DEVICE).withCode(HealthCodeColour.RED).withTestResultAgeHours(30).build()),
                screening.scanBytes(aScan().from(ScanSource.CLINIC).fromDevice(DEVICE).inVillage(VILLAGE_1).atCheckpoint("北门").build()));
        FrameMutator values = new FrameMutator(SEED, frames);
        FrameMutator keys = new FrameMutator(SEED + 1, List.of(screening.keyBytes(DEVICE)));
        Random random = new Random(SEED);

        // When each is piped through the topology
        for (int i = 0; i < MUTATED_FRAMES; i++) {
            byte[] key = random.nextInt(10) == 0 ? keys.next() : screening.keyBytes(DEVICE);
            byte[] value = values.next();
            try {
                screening.sendRaw(key, value);
            } catch (Throwable t) { // the point of the suite: nothing escapes the topology
                escaped.add("frame " + i + " (" + HexFormat.of().formatHex(value) + "): " + t);
            }
        }

        // Then each is accounted for
        assertEveryInputAccountedFor(MUTATED_FRAMES);
    }

    @Test
    void shouldScreenOrRejectEveryScanWithHostileFieldValues() {
        // Given scans with hostile text in random fields
        Random random = new Random(SEED);
        ScanSource[] sources = {ScanSource.GATE_DEVICE, ScanSource.PHONE_APP, ScanSource.CLINIC};

        // When each is piped through the topology
        for (int i = 0; i < HOSTILE_SCANS; i++) {
            ScanEvent scan = aScan().fromDevice(random.nextInt(4) == 0 ? text(random) : DEVICE)
                    .from(sources[random.nextInt(sources.length)]).withEventId("e-" + i).inVillage(VILLAGE_1)
                    .withTemperature(36 + random.nextInt(4)).build();
            switch (random.nextInt(6)) {
                case 0 -> scan.setEventId(text(random));
                case 1 -> scan.setCheckpointId(text(random));
                case 2 -> scan.setVillageCode(text(random));
                case 3 -> scan.setPersonToken(random.nextBoolean() ? text(random) : token("p" + i).substring(1) + "\u0000");
                case 4 -> scan.setVehiclePlate(text(random));
                default -> scan.setDeviceId(DEVICE + text(random));
            }
            try {
                screening.send(random.nextInt(20) == 0 ? text(random) : scan.getDeviceId(), scan);
            } catch (Throwable t) {
                escaped.add("scan " + i + ": " + t);
            }
        }

        // Then each is accounted for
        assertEveryInputAccountedFor(HOSTILE_SCANS);
    }

    private void assertEveryInputAccountedFor(int inputs) {
        List<TestRecord<byte[], byte[]>> rejected = screening.rejected();
        List<TestRecord<String, ScreenedScan>> screened = screening.screened();
        double duplicates = screening.count(MetricNames.SCANS_DUPLICATE);

        assertThat(escaped).as("seed %d: inputs that made the driver throw", SEED).isEmpty();
        assertThat(rejected.size() + screened.size() + duplicates).as("screened + rejected + duplicates").isEqualTo(inputs);
        assertThat(rejected).allSatisfy(dead -> assertThat(RejectedRecords.value(dead.headers(), RejectedRecordHeaders.REASON)).isIn(CODES));
        assertThat(screened).allSatisfy(record -> assertPassesTextPolicy(record.value().getScan()));
        assertThat(screened).as("valid scans still get through").isNotEmpty();
    }

    private static void assertPassesTextPolicy(ScanEvent scan) {
        assertThat(TextPolicy.isAcceptable(scan.getEventId(), FieldLimits.ID)).isTrue();
        assertThat(TextPolicy.isAcceptable(scan.getDeviceId(), FieldLimits.ID)).isTrue();
        assertThat(TextPolicy.isAcceptable(scan.getCheckpointId(), FieldLimits.ID)).isTrue();
        assertThat(TextPolicy.isAcceptable(scan.getVillageCode(), FieldLimits.VILLAGE_CODE)).isTrue();
        assertThat(TextPolicy.isAcceptable(scan.getVehiclePlate(), FieldLimits.VEHICLE_PLATE)).isTrue();
        assertThat(scan.getPersonToken() == null || PersonTokens.isToken(scan.getPersonToken())).isTrue();
    }

    /** Up to 40 characters from {@link #ALPHABET}, now and then much longer than any field's limit. */
    private static String text(Random random) {
        int length = random.nextInt(30) == 0 ? 200 + random.nextInt(100) : random.nextInt(40);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return text.toString();
    }
}

package io.gatewatch.serde.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Hostile and truncated bytes: the hand-written decoder never reads past the record, never
 * allocates more than the bytes present (every length is checked against the bytes left first),
 * fails only with a {@link SerializationException}, and accepts exactly what Avro's own reader
 * accepts, with the same result.
 */
class CodecSerdeFuzzTest {
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final Map<String, String> config = Map.of("schema.registry.url", "mock://unused");
    private final AvroSerde<ScreenedScan> avro = AvroSerde.forValues(ScreenedScan.class, registry, config);
    private final CodecSerde<ScreenedScan> codec = CodecSerde.screenedScans(registry, config);
    private final AvroSerde<ScreeningAlert> avroAlerts = AvroSerde.forValues(ScreeningAlert.class, registry, config);
    private final CodecSerde<ScreeningAlert> codecAlerts = CodecSerde.screeningAlerts(registry, config);

    @Provide
    Arbitrary<ScreenedScan> screenedScans() {
        return ScanArbitraries.screenedScans();
    }

    @Property(tries = 300)
    void shouldRefuseEveryTruncationOfARecord(@ForAll("screenedScans") ScreenedScan screened, @ForAll @IntRange(min = 1, max = 400) int cut) {
        assertTruncationRefused(avro.serializer().serialize(Topics.SCANS_SCREENED, screened), cut, codec, Topics.SCANS_SCREENED);
    }

    @Property(tries = 1000)
    void shouldAgreeWithAvroOnCorruptedRecords(@ForAll("screenedScans") ScreenedScan screened, @ForAll("corruptions") int[] corruption) {
        assertAgreesWithAvroOnCorrupted(screened, corruption, avro, codec, Topics.SCANS_SCREENED);
    }

    @Property(tries = 300)
    void shouldRefuseAHostileStringLengthWithoutAllocatingIt(@ForAll("hostileLengths") long length) {
        // Given a record whose first field (the scan's eventId) claims far more bytes than follow
        byte[] valid = avro.serializer().serialize(Topics.SCANS_SCREENED, screenedScans().sample());
        byte[] hostile = new byte[5 + 10 + 8];
        System.arraycopy(valid, 0, hostile, 0, 5);
        int end = writeLong(hostile, 5, length);
        byte[] record = Arrays.copyOf(hostile, end + 8);

        // Then it is refused, naming the length, without an OutOfMemoryError
        assertThatThrownBy(() -> codec.deserializer().deserialize(Topics.SCANS_SCREENED, record))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(length < 0 ? "negative" : "exceeds");
    }

    @Provide
    Arbitrary<int[]> corruptions() {
        return Arbitraries.integers().array(int[].class).ofMinSize(2).ofMaxSize(8);
    }

    @Provide
    Arbitrary<Long> hostileLengths() {
        return Arbitraries.oneOf(Arbitraries.longs().between(9, Long.MAX_VALUE), Arbitraries.longs().lessOrEqual(-1),
                Arbitraries.of(Integer.MAX_VALUE - 8L, (long) Integer.MAX_VALUE, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE));
    }

    private static int writeLong(byte[] target, int at, long value) {
        long n = (value << 1) ^ (value >> 63);
        while ((n & ~0x7FL) != 0) {
            target[at++] = (byte) ((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        target[at++] = (byte) n;
        return at;
    }

    @Provide
    Arbitrary<ScreeningAlert> alerts() {
        return ScanArbitraries.alerts();
    }

    @Property(tries = 200)
    void shouldRefuseEveryTruncationOfAnAlert(@ForAll("alerts") ScreeningAlert alert, @ForAll @IntRange(min = 1, max = 400) int cut) {
        assertTruncationRefused(avroAlerts.serializer().serialize(Topics.FAULTS_DEVICE, alert), cut, codecAlerts, Topics.FAULTS_DEVICE);
    }

    @Property(tries = 1000)
    void shouldAgreeWithAvroOnCorruptedAlerts(@ForAll("alerts") ScreeningAlert alert, @ForAll("corruptions") int[] corruption) {
        assertAgreesWithAvroOnCorrupted(alert, corruption, avroAlerts, codecAlerts, Topics.FAULTS_DEVICE);
    }

    @Property(tries = 300)
    void shouldRefuseAHostileCheckpointCountWithoutAllocatingIt(@ForAll("hostileLengths") long count) {
        // Given an alert whose related-checkpoints array claims more items than bytes follow
        ScreeningAlert alert = alerts().sample();
        alert.setRelatedCheckpoints(java.util.List.of());
        byte[] valid = avroAlerts.serializer().serialize(Topics.FAULTS_DEVICE, alert);
        int arrayAt = valid.length - 1 - longSize(alert.getScannedAt().toEpochMilli()) - longSize(alert.getDetectedAt().toEpochMilli());
        byte[] hostile = Arrays.copyOf(valid, valid.length + 10);
        int end = writeLong(hostile, arrayAt, count);
        byte[] record = Arrays.copyOf(hostile, end + 4);

        // Then it is refused, as Avro's bounded reader refuses it
        assertThatThrownBy(() -> codecAlerts.deserializer().deserialize(Topics.FAULTS_DEVICE, record))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> avroAlerts.deserializer().deserialize(Topics.FAULTS_DEVICE, record))
                .isInstanceOf(SerializationException.class);
    }

    private static void assertTruncationRefused(byte[] whole, int cut, CodecSerde<?> codec, String topic) {
        byte[] truncated = Arrays.copyOf(whole, Math.max(0, whole.length - cut));

        assertThatThrownBy(() -> codec.deserializer().deserialize(topic, truncated)).isInstanceOf(SerializationException.class);
    }

    private static <T> void assertAgreesWithAvroOnCorrupted(T record, int[] corruption, AvroSerde<T> avro, CodecSerde<T> codec,
            String topic) {
        // Given a valid record with some bytes after the header overwritten
        byte[] bytes = corrupted(avro.serializer().serialize(topic, record), corruption);

        // When both decoders read it
        Object byAvro = outcome(() -> avro.deserializer().deserialize(topic, bytes), avro, topic);
        Object byCodec = outcome(() -> codec.deserializer().deserialize(topic, bytes), avro, topic);
        // (compared as Avro re-encodes them: records holding NaN are never equals() to each other)

        // Then both refuse it, or both read the same record
        assertThat(byCodec).isEqualTo(byAvro);
    }

    /** {@code bytes} with the bytes the (position, value) pairs of {@code corruption} name overwritten, the header left alone. */
    private static byte[] corrupted(byte[] bytes, int[] corruption) {
        for (int i = 0; i + 1 < corruption.length; i += 2) {
            int at = 5 + Math.floorMod(corruption[i], bytes.length - 5);
            bytes[at] = (byte) corruption[i + 1];
        }
        return bytes;
    }

    private static int longSize(long value) {
        return writeLong(new byte[10], 0, value);
    }

    /** The record read, as Avro encodes it, or "refused" for a SerializationException; any other exception fails the property. */
    private static <T> Object outcome(java.util.function.Supplier<T> read, AvroSerde<T> encoding, String topic) {
        T value;
        try {
            value = Objects.requireNonNull(read.get());
        } catch (SerializationException e) {
            return "refused";
        }
        return Arrays.toString(encoding.serializer().serialize(topic, value));
    }
}

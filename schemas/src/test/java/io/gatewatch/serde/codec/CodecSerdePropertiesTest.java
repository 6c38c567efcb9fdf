package io.gatewatch.serde.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Topics;
import io.gatewatch.serde.AvroSerde;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The hand-written codecs are byte-compatible with the Avro schemas: for any record the schemas
 * allow, they write exactly the bytes Avro's own writer writes, and what either writes, the other
 * reads back as the same record.
 */
class CodecSerdePropertiesTest {
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final Map<String, String> config = Map.of("schema.registry.url", "mock://unused");
    private final AvroSerde<ScanEvent> avroScans = AvroSerde.forValues(ScanEvent.class, registry, config);
    private final AvroSerde<ScreenedScan> avroScreened = AvroSerde.forValues(ScreenedScan.class, registry, config);
    private final AvroSerde<String> avroKeys = AvroSerde.forKeys(String.class, registry, config);
    private final CodecSerde<String> codecKeys = CodecSerde.stringKeys(registry, config);
    private final CodecSerde<ScanEvent> codecScans = CodecSerde.scanEvents(registry, config);
    private final CodecSerde<ScreenedScan> codecScreened = CodecSerde.screenedScans(registry, config);
    private final AvroSerde<ScreeningAlert> avroAlerts = AvroSerde.forValues(ScreeningAlert.class, registry, config);
    private final CodecSerde<ScreeningAlert> codecAlerts = CodecSerde.screeningAlerts(registry, config);

    @Provide
    Arbitrary<ScanEvent> scans() {
        return ScanArbitraries.scans();
    }

    @Provide
    Arbitrary<ScreenedScan> screenedScans() {
        return ScanArbitraries.screenedScans();
    }

    @Property(tries = 500)
    void shouldWriteAStringKeyExactlyAsAvroWritesIt(@ForAll("keys") String key) {
        assertWritesAsAvro(codecKeys, avroKeys, Topics.SCANS, key);
    }

    @Property(tries = 500)
    void shouldReadAStringKeyAsAvroReadsIt(@ForAll("keys") String key) {
        assertReadsAsAvro(codecKeys, avroKeys, Topics.SCANS, key);
    }

    @Provide
    Arbitrary<String> keys() {
        return ScanArbitraries.text();
    }

    @Property(tries = 500)
    void shouldWriteAScanExactlyAsAvroWritesIt(@ForAll("scans") ScanEvent scan) {
        assertWritesAsAvro(codecScans, avroScans, Topics.SCANS, scan);
    }

    @Property(tries = 500)
    void shouldReadAScanAsAvroReadsIt(@ForAll("scans") ScanEvent scan) {
        assertReadsAsAvro(codecScans, avroScans, Topics.SCANS, scan);
    }

    @Property(tries = 500)
    void shouldWriteAScreenedScanExactlyAsAvroWritesIt(@ForAll("screenedScans") ScreenedScan screened) {
        assertWritesAsAvro(codecScreened, avroScreened, Topics.SCANS_SCREENED, screened);
    }

    @Property(tries = 500)
    void shouldReadAScreenedScanAsAvroReadsIt(@ForAll("screenedScans") ScreenedScan screened) {
        assertReadsAsAvro(codecScreened, avroScreened, Topics.SCANS_SCREENED, screened);
    }

    @Provide
    Arbitrary<ScreeningAlert> alerts() {
        return ScanArbitraries.alerts();
    }

    @Property(tries = 500)
    void shouldWriteAnAlertExactlyAsAvroWritesIt(@ForAll("alerts") ScreeningAlert alert) {
        assertWritesAsAvro(codecAlerts, avroAlerts, Topics.FAULTS_DEVICE, alert);
    }

    @Property(tries = 500)
    void shouldReadAnAlertAsAvroReadsIt(@ForAll("alerts") ScreeningAlert alert) {
        assertReadsAsAvro(codecAlerts, avroAlerts, Topics.FAULTS_DEVICE, alert);
    }

    /** Once the codec has framed its first record through Avro (and so learnt the registered id), it writes Avro's bytes, header included. */
    private static <T> void assertWritesAsAvro(CodecSerde<T> codec, AvroSerde<T> avro, String topic, T value) {
        codec.serializer().serialize(topic, value);

        byte[] byCodec = codec.serializer().serialize(topic, value);

        assertThat(byCodec).containsExactly(avro.serializer().serialize(topic, value));
    }

    /** What Avro wrote, the codec reads as Avro does (compared re-encoded: records holding NaN are never equals()). */
    private static <T> void assertReadsAsAvro(CodecSerde<T> codec, AvroSerde<T> avro, String topic, T value) {
        byte[] byAvro = avro.serializer().serialize(topic, value);

        T byCodec = codec.deserializer().deserialize(topic, byAvro);

        assertThat(avro.serializer().serialize(topic, byCodec)).as("same record, NaN bits included")
                .containsExactly(avro.serializer().serialize(topic, avro.deserializer().deserialize(topic, byAvro)));
    }
}

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
    void shouldWriteAndReadAStringKeyExactlyAsAvroDoes(@ForAll("keys") String key) {
        codecKeys.serializer().serialize(Topics.SCANS, key);

        byte[] byCodec = codecKeys.serializer().serialize(Topics.SCANS, key);

        assertThat(byCodec).containsExactly(avroKeys.serializer().serialize(Topics.SCANS, key));
        assertThat(codecKeys.deserializer().deserialize(Topics.SCANS, byCodec))
                .isEqualTo(avroKeys.deserializer().deserialize(Topics.SCANS, byCodec));
    }

    @Provide
    Arbitrary<String> keys() {
        return ScanArbitraries.text();
    }

    @Property(tries = 500)
    void shouldWriteAScanExactlyAsAvroWritesIt(@ForAll("scans") ScanEvent scan) {
        // Given the codec has framed its first record through Avro (and so learnt the registered id)
        codecScans.serializer().serialize(Topics.SCANS, scan);

        // When both write the same scan
        byte[] byCodec = codecScans.serializer().serialize(Topics.SCANS, scan);
        byte[] byAvro = avroScans.serializer().serialize(Topics.SCANS, scan);

        // Then the bytes are identical, header included
        assertThat(byCodec).containsExactly(byAvro);
    }

    @Property(tries = 500)
    void shouldReadAScanAsAvroReadsIt(@ForAll("scans") ScanEvent scan) {
        byte[] byAvro = avroScans.serializer().serialize(Topics.SCANS, scan);

        ScanEvent byCodec = codecScans.deserializer().deserialize(Topics.SCANS, byAvro);

        assertThat(avroScans.serializer().serialize(Topics.SCANS, byCodec)).as("same record, NaN bits included")
                .containsExactly(avroScans.serializer().serialize(Topics.SCANS, avroScans.deserializer().deserialize(Topics.SCANS, byAvro)));
    }

    @Property(tries = 500)
    void shouldWriteAScreenedScanExactlyAsAvroWritesIt(@ForAll("screenedScans") ScreenedScan screened) {
        codecScreened.serializer().serialize(Topics.SCANS_SCREENED, screened);

        byte[] byCodec = codecScreened.serializer().serialize(Topics.SCANS_SCREENED, screened);

        assertThat(byCodec).containsExactly(avroScreened.serializer().serialize(Topics.SCANS_SCREENED, screened));
    }

    @Property(tries = 500)
    void shouldReadAScreenedScanAsAvroReadsIt(@ForAll("screenedScans") ScreenedScan screened) {
        codecScreened.serializer().serialize(Topics.SCANS_SCREENED, screened);
        byte[] byCodec = codecScreened.serializer().serialize(Topics.SCANS_SCREENED, screened);

        ScreenedScan readByAvro = avroScreened.deserializer().deserialize(Topics.SCANS_SCREENED, byCodec);

        ScreenedScan readByCodec = codecScreened.deserializer().deserialize(Topics.SCANS_SCREENED, byCodec);
        assertThat(avroScreened.serializer().serialize(Topics.SCANS_SCREENED, readByCodec)).as("same record, NaN bits included")
                .containsExactly(avroScreened.serializer().serialize(Topics.SCANS_SCREENED, readByAvro));
    }

    @Provide
    Arbitrary<ScreeningAlert> alerts() {
        return ScanArbitraries.alerts();
    }

    @Property(tries = 500)
    void shouldWriteAnAlertExactlyAsAvroWritesIt(@ForAll("alerts") ScreeningAlert alert) {
        codecAlerts.serializer().serialize(Topics.FAULTS_DEVICE, alert);

        byte[] byCodec = codecAlerts.serializer().serialize(Topics.FAULTS_DEVICE, alert);

        assertThat(byCodec).containsExactly(avroAlerts.serializer().serialize(Topics.FAULTS_DEVICE, alert));
    }

    @Property(tries = 500)
    void shouldReadAnAlertAsAvroReadsIt(@ForAll("alerts") ScreeningAlert alert) {
        byte[] byAvro = avroAlerts.serializer().serialize(Topics.FAULTS_DEVICE, alert);

        ScreeningAlert byCodec = codecAlerts.deserializer().deserialize(Topics.FAULTS_DEVICE, byAvro);

        assertThat(avroAlerts.serializer().serialize(Topics.FAULTS_DEVICE, byCodec)).as("same record, NaN bits included")
                .containsExactly(avroAlerts.serializer().serialize(Topics.FAULTS_DEVICE,
                        avroAlerts.deserializer().deserialize(Topics.FAULTS_DEVICE, byAvro)));
    }
}

package io.gatewatch.serde;

import static io.gatewatch.schema.TestRecords.aDeviceRegistration;
import static io.gatewatch.schema.TestRecords.aFeverScreenedScan;
import static io.gatewatch.schema.TestRecords.aMultiCheckpointAlert;
import static io.gatewatch.schema.TestRecords.aVillageHourCount;
import static io.gatewatch.schema.TestRecords.aVillageHourKey;
import static io.gatewatch.schema.testing.ScanEventBuilder.aScan;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.registry.CompatibilityLevel;
import io.gatewatch.registry.InMemorySchemaRegistryClient;
import io.gatewatch.registry.RegistryState;
import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.AreaCountKey;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.schema.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Every record type of the contracts survives serialise -> deserialise, and its bytes are exactly
 * the Confluent wire format: magic byte 0, the registered id as a 4-byte big-endian int, then the
 * Avro binary encoding of the datum.
 */
class AvroSerdeRoundTripTest {
    /** Ids start above 2^24 so all four id bytes are exercised (and a little-endian mix-up shows). */
    private static final int FIRST_ID = 0x01020304;

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(stateWithIdsFrom(FIRST_ID));
    private final Map<String, String> config = Map.of("schema.registry.url", "mock://unused");

    @Test
    void shouldFrameStringKeysWithMagicByteIdAndAvroString() {
        AvroSerde<String> keys = AvroSerde.forKeys(String.class, registry, config);

        byte[] bytes = keys.serializer().serialize(Topics.SCANS, "G1");

        int id = registry.lookup(Topics.SCANS + "-key", Schema.create(Schema.Type.STRING)).id();
        assertThat(id).isEqualTo(FIRST_ID + 1);
        // 0x00 | 01 02 03 05 | zigzag(2)=0x04 'G' '1'
        assertThat(bytes).containsExactly(0x00, 0x01, 0x02, 0x03, 0x05, 0x04, 'G', '1');
        assertThat(keys.deserializer().deserialize(Topics.SCANS, bytes)).isEqualTo("G1");
    }

    @Test
    void shouldRoundTripScanEventWithEveryOptionalFieldSet() {
        ScanEvent scan = aScan().withTemperature(37.6).withCode(HealthCodeColour.YELLOW)
                .asVisitor().inVehicle("京A12345").withTestResultAgeHours(36).build();

        assertRoundTrip(Topics.SCANS, ScanEvent.class, scan);
    }

    @Test
    void shouldRoundTripScanEventWithOptionalFieldsAbsent() {
        ScanEvent scan = aScan().atCheckpoint(null).inVillage(null).withoutPerson().build();

        assertRoundTrip(Topics.SCANS, ScanEvent.class, scan);
    }

    @Test
    void shouldRoundTripDeviceRegistration() {
        assertRoundTrip(Topics.DEVICES, DeviceRegistration.class, aDeviceRegistration());
    }

    @Test
    void shouldRoundTripScreenedScan() {
        assertRoundTrip(Topics.SCANS_SCREENED, ScreenedScan.class, aFeverScreenedScan());
    }

    @Test
    void shouldRoundTripScreeningAlert() {
        assertRoundTrip(Topics.ALERTS_ESCALATION, ScreeningAlert.class, aMultiCheckpointAlert());
    }

    @Test
    void shouldRoundTripAreaCountKeyAsKey() {
        AvroSerde<AreaCountKey> keys = AvroSerde.forKeys(AreaCountKey.class, registry, config);
        AreaCountKey key = aVillageHourKey();

        byte[] bytes = keys.serializer().serialize(Topics.COUNTS_HOURLY, key);

        assertFramed(bytes, Topics.COUNTS_HOURLY + "-key", key);
        assertThat(keys.deserializer().deserialize(Topics.COUNTS_HOURLY, bytes)).isEqualTo(key);
    }

    @Test
    void shouldRoundTripAreaCount() {
        assertRoundTrip(Topics.COUNTS_DAILY, AreaCount.class, aVillageHourCount());
    }

    @Test
    void shouldGiveTheSameIdToTheSameSchemaUnderTwoTopics() {
        AvroSerde<ScreeningAlert> alerts = AvroSerde.forValues(ScreeningAlert.class, registry, config);

        byte[] fever = alerts.serializer().serialize(Topics.ALERTS_FEVER, aMultiCheckpointAlert());
        byte[] faults = alerts.serializer().serialize(Topics.FAULTS_DEVICE, aMultiCheckpointAlert());

        assertThat(Arrays.copyOfRange(fever, 0, 5)).isEqualTo(Arrays.copyOfRange(faults, 0, 5));
    }

    @Test
    void shouldPassTombstonesThroughAsNull() {
        AvroSerde<DeviceRegistration> devices = AvroSerde.forValues(DeviceRegistration.class, registry, config);

        assertThat(devices.serializer().serialize(Topics.DEVICES, null)).isNull();
        assertThat(devices.deserializer().deserialize(Topics.DEVICES, null)).isNull();
    }

    private <T extends SpecificRecord> void assertRoundTrip(String topic, Class<T> type, T value) {
        AvroSerde<T> serde = AvroSerde.forValues(type, registry, config);

        byte[] bytes = serde.serializer().serialize(topic, value);

        assertFramed(bytes, topic + "-value", value);
        assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(value);
    }

    /** Header = 0 + big-endian registered id; body = Avro's own binary encoding of the record. */
    private void assertFramed(byte[] bytes, String subject, SpecificRecord value) {
        int id = registry.lookup(subject, value.getSchema()).id();
        assertThat(id).isGreaterThan(FIRST_ID);
        assertThat(bytes[0]).isZero();
        assertThat(Arrays.copyOfRange(bytes, 1, 5)).isEqualTo(ByteBuffer.allocate(4).putInt(id).array());
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(avroBinary(value));
    }

    private static byte[] avroBinary(SpecificRecord value) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecord>(value.getSchema(), SpecificData.getForSchema(value.getSchema()))
                    .write(value, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A registry whose next id is {@code firstId + 1}, as after a long history of registrations. */
    static RegistryState stateWithIdsFrom(int firstId) {
        RegistryState state = new RegistryState(CompatibilityLevel.BACKWARD);
        state.apply(new RegistryState.SchemaRegistered("history-value", 1, firstId, "\"long\""));
        return state;
    }
}

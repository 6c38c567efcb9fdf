package io.gatewatch.sinks.testing;

import static io.gatewatch.schema.testing.DeviceRegistrationBuilder.aDevice;

import io.gatewatch.schema.AreaName;
import io.gatewatch.schema.CheckpointKind;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.Topics;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Names of places on Kafka as {@code gatewatch areas import} and {@code gatewatch devices import}
 * leave them: area names on {@link Topics#AREAS}, a device registration naming its checkpoint on
 * {@link Topics#DEVICES}.
 */
public final class PlaceNames {
    private final Map<String, String> areas;
    private final Map<String, String> checkpoints;

    private PlaceNames(Map<String, String> areas, Map<String, String> checkpoints) {
        this.areas = areas;
        this.checkpoints = checkpoints;
    }

    /** {@code code → name} of divisions, and {@code checkpointId → name} of checkpoints (each in village {@code 110101001001}). */
    public static PlaceNames of(Map<String, String> areas, Map<String, String> checkpoints) {
        return new PlaceNames(areas, checkpoints);
    }

    /** Publishes the names and waits for the broker's acknowledgement; the topics must exist. */
    public void publish(String bootstrapServers, WireRecords wire) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (Map.Entry<String, String> area : areas.entrySet()) {
                producer.send(new ProducerRecord<>(Topics.AREAS, wire.key(Topics.AREAS, area.getKey()),
                        wire.value(Topics.AREAS, new AreaName(area.getKey(), area.getValue(), null)))).get();
            }
            for (Map.Entry<String, String> checkpoint : checkpoints.entrySet()) {
                DeviceRegistration device = aDevice("dev-" + checkpoint.getKey())
                        .atCheckpoint(checkpoint.getKey(), CheckpointKind.GATE, checkpoint.getValue()).inVillage("110101001001")
                        .build();
                producer.send(new ProducerRecord<>(Topics.DEVICES, wire.key(Topics.DEVICES, device.getDeviceId()),
                        wire.value(Topics.DEVICES, device))).get();
            }
        }
    }
}

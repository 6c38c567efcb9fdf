package io.gatewatch.streams.screening;

import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.ObservationEntry;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.serde.AvroSerde;
import io.gatewatch.serde.codec.CodecSerde;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * The serdes the screening topology reads and writes with, passed in so that the wiring decides
 * the registry (HTTP in production, {@code mock://} in tests) and every edge names its serde.
 *
 * @param key     Avro string keys: deviceId, villageCode, person token
 * @param scan    {@link ScanEvent} values of {@code gatewatch.scans}
 * @param device  {@link DeviceRegistration} values of {@code gatewatch.devices}
 * @param screened {@link ScreenedScan} values of {@code gatewatch.scans.screened}, the person
 *                 repartition topic and the escalation store
 * @param alert   {@link ScreeningAlert} values of the alert topics
 * @param observation {@link ObservationEntry} values of {@code gatewatch.observation}
 */
public record ScreeningSerdes(Serde<String> key, Serde<ScanEvent> scan, Serde<DeviceRegistration> device,
                              Serde<ScreenedScan> screened, Serde<ScreeningAlert> alert, Serde<ObservationEntry> observation) {
    public ScreeningSerdes {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(scan, "scan");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(screened, "screened");
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(observation, "observation");
    }

    /**
     * Confluent-wire-format Avro serdes sharing one registry client; scans and screened scans, which
     * every scan passes through, alerts (in cold weather every sixth scan raises a device fault) and
     * the string keys with the hand-written codecs ({@link CodecSerde}: the same bytes as Avro for the
     * current schemas, Avro itself for any other writer schema).
     */
    public static ScreeningSerdes avro(SchemaRegistryClient registry, Map<String, ?> serdeConfig) {
        return new ScreeningSerdes(
                CodecSerde.stringKeys(registry, serdeConfig),
                CodecSerde.scanEvents(registry, serdeConfig),
                AvroSerde.forValues(DeviceRegistration.class, registry, serdeConfig),
                CodecSerde.screenedScans(registry, serdeConfig),
                CodecSerde.screeningAlerts(registry, serdeConfig),
                AvroSerde.forValues(ObservationEntry.class, registry, serdeConfig));
    }
}

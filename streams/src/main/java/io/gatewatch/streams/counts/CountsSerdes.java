package io.gatewatch.streams.counts;

import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.schema.AreaCount;
import io.gatewatch.schema.AreaCountKey;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.serde.AvroSerde;
import io.gatewatch.serde.codec.CodecSerde;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * The serdes the counts topology uses at its edges: every key and value on a topic, the internal
 * repartition topic included, is Avro in the Confluent wire format.
 *
 * @param stringKey   Avro string keys: villageCode (input), county code (repartition), deviceId (late)
 * @param screenedScan input and repartition values
 * @param countKey    count topic keys
 * @param count       count topic values
 * @param scan        late-scan values (the original scan)
 */
public record CountsSerdes(Serde<String> stringKey, Serde<ScreenedScan> screenedScan, Serde<AreaCountKey> countKey,
                           Serde<AreaCount> count, Serde<ScanEvent> scan) {

    /**
     * Avro serdes sharing one registry client; {@code serdeConfig} as for {@link AvroSerde}. String keys, screened
     * scans and scans with the hand-written codecs ({@link CodecSerde}: Avro's bytes for the current
     * schemas, Avro itself for any other writer schema).
     */
    public static CountsSerdes avro(SchemaRegistryClient registry, Map<String, ?> serdeConfig) {
        return new CountsSerdes(
                CodecSerde.stringKeys(registry, serdeConfig),
                CodecSerde.screenedScans(registry, serdeConfig),
                AvroSerde.forKeys(AreaCountKey.class, registry, serdeConfig),
                AvroSerde.forValues(AreaCount.class, registry, serdeConfig),
                CodecSerde.scanEvents(registry, serdeConfig));
    }
}

package io.gatewatch.serde.codec;

import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryException;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScreenedScan;
import io.gatewatch.schema.ScreeningAlert;
import io.gatewatch.serde.AvroDeserializer;
import io.gatewatch.serde.AvroSerdeConfig;
import io.gatewatch.serde.AvroSerializer;
import io.gatewatch.serde.WireFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for a hot record type (or the string keys), in the Confluent wire format like {@link io.gatewatch.serde.AvroSerde}
 * and interchangeable with it on the wire, that encodes and decodes with a hand-written
 * {@link RecordCodec} where that is provably the same as Avro, and with Avro everywhere else:
 *
 * <ul>
 *   <li><b>Writing</b>: the first record per topic goes through {@link AvroSerializer} (which
 *       registers or looks up the schema exactly as configured); the schema id it framed the record
 *       with is then reused and the codec writes the rest. With {@code use.latest.version=true} the
 *       registered latest version may differ from the class's schema, so every record goes through
 *       Avro.</li>
 *   <li><b>Reading</b>: per schema id, the writer schema is fetched once; bytes written with exactly
 *       the class's schema are read by the codec (bounded by the record's bytes, trailing bytes
 *       refused), every other writer schema through {@link AvroDeserializer}'s schema resolution.
 *       Records above {@code avro.max.record.bytes} are refused undecoded by Avro's deserializer, as everywhere.</li>
 * </ul>
 *
 * Errors are {@link SerializationException}s naming the topic and schema id, as Avro's. Thread-safe.
 */
public final class CodecSerde<T> implements Serde<T> {
    private static final ThreadLocal<AvroBinaryWriter> WRITER = ThreadLocal.withInitial(AvroBinaryWriter::new);

    private final RecordCodec<T> codec;
    private final Schema schema;
    private final SchemaRegistryClient registry;
    private final AvroSerializer<T> avroSerializer;
    private final AvroDeserializer<T> avroDeserializer;
    private final Map<String, Integer> idByTopic = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> ownSchemaById = new ConcurrentHashMap<>();
    /** The last schema id found to be the class's own: almost every record carries it, so it is checked before the map. */
    private volatile int lastOwnId = -1;
    private boolean useLatest;
    private int maxRecordBytes = AvroSerdeConfig.MAX_RECORD_BYTES_DEFAULT;

    private CodecSerde(RecordCodec<T> codec, Schema schema, SchemaRegistryClient registry, Map<String, ?> config, boolean isKey) {
        this.codec = codec;
        this.schema = schema;
        this.registry = registry;
        this.avroSerializer = new AvroSerializer<>(registry);
        this.avroDeserializer = new AvroDeserializer<>(registry, codec.type());
        configure(config, isKey);
    }

    /** Avro string keys (deviceId, villageCode, person token, county code). */
    public static CodecSerde<String> stringKeys(SchemaRegistryClient registry, Map<String, ?> config) {
        return new CodecSerde<>(StringCodec.INSTANCE, Schema.create(Schema.Type.STRING), registry, config, true);
    }

    /** {@link ScanEvent} values ({@code gatewatch.scans}, the late-scans topic). */
    public static CodecSerde<ScanEvent> scanEvents(SchemaRegistryClient registry, Map<String, ?> config) {
        return new CodecSerde<>(ScanEventCodec.INSTANCE, ScanEvent.getClassSchema(), registry, config, false);
    }

    /** {@link ScreenedScan} values ({@code gatewatch.scans.screened}, repartition topics, stores). */
    public static CodecSerde<ScreenedScan> screenedScans(SchemaRegistryClient registry, Map<String, ?> config) {
        return new CodecSerde<>(ScreenedScanCodec.INSTANCE, ScreenedScan.getClassSchema(), registry, config, false);
    }

    /** {@link ScreeningAlert} values (the alert topics by audience). */
    public static CodecSerde<ScreeningAlert> screeningAlerts(SchemaRegistryClient registry, Map<String, ?> config) {
        return new CodecSerde<>(ScreeningAlertCodec.INSTANCE, ScreeningAlert.getClassSchema(), registry, config, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        avroSerializer.configure(configs, isKey);
        avroDeserializer.configure(configs, isKey);
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        useLatest = config.useLatestVersion();
        maxRecordBytes = config.maxRecordBytes();
    }

    @Override
    public Serializer<T> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::deserialize;
    }

    byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        Integer id = useLatest ? null : idByTopic.get(topic);
        if (id == null) {
            byte[] framed = avroSerializer.serialize(topic, value);
            if (!useLatest) {
                idByTopic.put(topic, WireFormat.schemaId(framed));
            }
            return framed;
        }
        AvroBinaryWriter out = WRITER.get().reset();
        try {
            codec.write(out, value);
        } catch (RuntimeException e) {
            throw new SerializationException("Cannot serialize " + schema.getFullName() + " to topic " + topic
                    + " with schema id " + id + ": " + e, e);
        }
        return out.toFramedBytes(id);
    }

    T deserialize(String topic, byte[] data) {
        if (data == null || data.length > maxRecordBytes || WireFormat.problem(data) != null) {
            return avroDeserializer.deserialize(topic, data); // tombstone, or Avro's refusal and its message
        }
        int id = WireFormat.schemaId(data);
        if (id != lastOwnId) {
            Boolean own = ownSchemaById.get(id);
            if (own == null) {
                own = isOwnSchema(id);
            }
            if (!own) {
                return avroDeserializer.deserialize(topic, data);
            }
            lastOwnId = id;
        }
        try {
            AvroBinaryReader in = new AvroBinaryReader(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE);
            T value = codec.read(in);
            if (!in.atEnd()) {
                throw new MalformedAvroException("trailing bytes after the Avro datum");
            }
            return value;
        } catch (RuntimeException e) {
            throw new SerializationException("Cannot deserialize record from topic " + topic + " with schema id " + id
                    + ": truncated or corrupt Avro (" + e.getMessage() + ")", e);
        }
    }

    /**
     * True (remembered) when schema id {@code id} is this codec's schema. An id the registry cannot
     * resolve now is not remembered: Avro reads the record, and names the error if there is one.
     */
    private boolean isOwnSchema(int id) {
        Schema writer;
        try {
            writer = registry.getById(id);
        } catch (SchemaRegistryException e) {
            return false;
        }
        boolean own = schema.equals(writer);
        ownSchemaById.put(id, own);
        return own;
    }

    @Override
    public void close() {
        avroSerializer.close();
        avroDeserializer.close();
    }
}

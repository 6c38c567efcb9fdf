package io.gatewatch.serde;

import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.util.Utf8;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro: looks up the writer schema by the id in the header and resolves it
 * against the reader schema (the target class's own schema, or a given generic reader schema), so
 * data written with older or newer compatible schemas stays readable. Without either it returns
 * generic records in the writer's schema.
 *
 * <p>A null payload is a tombstone and gives null (compacted topics such as the device registry
 * use them). Bad bytes never produce an NPE or a hang: empty or short payloads, a wrong magic byte,
 * an unknown schema id, a writer schema the reader cannot resolve, truncated or corrupt Avro and
 * trailing bytes after the datum all raise a {@link SerializationException} naming the topic, the
 * schema id where known, and the cause. Thread-safe.
 *
 * <p>Hostile bytes cost their own size and no more: decoding goes through {@link BoundedDecoder},
 * which checks every length and count against the bytes left in the record before allocating, and
 * a record above {@value AvroSerdeConfig#MAX_RECORD_BYTES} is refused undecoded with an
 * {@link OversizedRecordException} (a {@link SerializationException} too). Strings must be strict
 * UTF-8. Nothing but {@link SerializationException} escapes for any byte array.
 */
public class AvroDeserializer<T> implements Deserializer<T> {
    public static final String KEY_TYPE = "specific.avro.key.type";
    public static final String VALUE_TYPE = "specific.avro.value.type";

    private SchemaRegistryClient registry;
    private boolean ownsRegistry;
    private Class<T> type;
    private Schema readerSchema;
    private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();
    private int maxRecordBytes = AvroSerdeConfig.MAX_RECORD_BYTES_DEFAULT;
    private static final ThreadLocal<BoundedDecoder> DECODER = ThreadLocal.withInitial(BoundedDecoder::new);

    /** For Kafka's config-driven instantiation: the type comes from {@value #KEY_TYPE}/{@value #VALUE_TYPE}, else generic. */
    public AvroDeserializer() {}

    /** Reads into {@code type} (a generated class or a supported primitive); null type reads generic records. */
    public AvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
        this.registry = registry;
        setType(type);
    }

    /**
     * Reads generic data resolved to {@code readerSchema}: what a consumer that knows only a
     * schema (no generated class) sees, defaults filled in for fields the writer lacked.
     */
    public static <T> AvroDeserializer<T> withReaderSchema(SchemaRegistryClient registry, Schema readerSchema) {
        AvroDeserializer<T> deserializer = new AvroDeserializer<>(registry, null);
        deserializer.readerSchema = readerSchema;
        return deserializer;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            registry = SchemaRegistryClients.create(configs);
            ownsRegistry = true;
        }
        maxRecordBytes = new AvroSerdeConfig(configs).maxRecordBytes();
        Object typeName = configs.get(isKey ? KEY_TYPE : VALUE_TYPE);
        if (type == null && readerSchema == null && typeName != null) {
            try {
                setType((Class<T>) (typeName instanceof Class<?> c ? c : Class.forName(typeName.toString())));
            } catch (ClassNotFoundException e) {
                throw new ConfigException(isKey ? KEY_TYPE : VALUE_TYPE, typeName, "class not found");
            }
        }
    }

    private void setType(Class<T> type) {
        this.type = type;
        this.readerSchema = type == null ? null : AvroSchemas.schemaOf(type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroDeserializer used before configure()");
        }
        if (data.length > maxRecordBytes) {
            throw new OversizedRecordException("Cannot deserialize record from topic " + topic + ": " + data.length
                    + " bytes is more than " + AvroSerdeConfig.MAX_RECORD_BYTES + "=" + maxRecordBytes + "; refused without decoding");
        }
        String problem = WireFormat.problem(data);
        if (problem != null) {
            throw new SerializationException("Cannot deserialize record from topic " + topic + ": " + problem);
        }
        int id = WireFormat.schemaId(data);
        DatumReader<Object> reader = readers.get(id);
        if (reader == null) {
            reader = newReader(topic, id);
            readers.put(id, reader);
        }
        try {
            BoundedDecoder decoder = DECODER.get().reset(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE);
            Object value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("trailing bytes after the Avro datum");
            }
            return (T) (value instanceof Utf8 && type == String.class ? value.toString() : value);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot deserialize record from topic " + topic + " with schema id " + id
                    + ": truncated or corrupt Avro (" + e + ")", e);
        }
    }

    private DatumReader<Object> newReader(String topic, int id) {
        Schema writer;
        try {
            writer = registry.getById(id);
        } catch (SchemaRegistryException.SchemaNotFound e) {
            throw new SerializationException("Cannot deserialize record from topic " + topic + ": unknown schema id "
                    + id + " (" + e.getMessage() + ")", e);
        } catch (SchemaRegistryException e) {
            String message = "Cannot deserialize record from topic " + topic + ": cannot fetch schema id " + id
                    + " from the registry (" + e.getMessage() + ")";
            if (e.isRetriable()) {
                throw new RegistryUnavailableException(message, e);
            }
            throw new SerializationException(message, e);
        }
        if (readerSchema == null) {
            return new GenericDatumReader<>(writer, writer, GenericData.get());
        }
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException("Cannot deserialize record from topic " + topic + " with schema id " + id
                    + ": writer schema " + writer.getFullName() + " cannot be read as " + readerSchema.getFullName()
                    + " (" + compatibility.getDescription() + ")");
        }
        if (type == null || readerSchema.getType() != Schema.Type.RECORD) {
            return new GenericDatumReader<>(writer, readerSchema, GenericData.get());
        }
        return new SpecificDatumReader<>(writer, readerSchema, SpecificData.getForSchema(readerSchema));
    }

    @Override
    public void close() {
        if (ownsRegistry && registry != null) {
            registry.close();
        }
    }
}

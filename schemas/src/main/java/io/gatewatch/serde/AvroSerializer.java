package io.gatewatch.serde;

import io.gatewatch.registry.RegisteredSchema;
import io.gatewatch.registry.SchemaRegistryClient;
import io.gatewatch.registry.SchemaRegistryClients;
import io.gatewatch.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated specific classes, generic records, or primitives such as
 * {@code String} keys) in the Confluent wire format, under TopicNameStrategy subjects
 * ({@code <topic>-key} / {@code <topic>-value}).
 *
 * <p>With {@code auto.register.schemas=true} (default) the record's schema is registered on first
 * use; otherwise it must already be registered under the subject (looked up), else the record is
 * refused. With {@code use.latest.version=true} the subject's latest schema is the writer schema
 * (asked of the registry client on every record, which caches it for {@code latest.cache.ttl.sec},
 * so a newly registered version is picked up) and the record is projected onto it by Avro schema
 * resolution (fields matched by name, defaults filled in); a latest schema that cannot represent the
 * record is refused rather than written wrongly. Ids are resolved once per (subject, schema) and
 * cached (the writer last used per topic is found without building the subject name); encoding
 * reuses a per-thread buffer. Thread-safe.
 */
public class AvroSerializer<T> implements Serializer<T> {

    private SchemaRegistryClient registry;
    private boolean ownsRegistry;
    private boolean isKey;
    private boolean autoRegister = true;
    private boolean useLatest;
    private final Map<WriterKey, Writer> writers = new ConcurrentHashMap<>();
    /**
     * Hot path: the writer last used per topic. Kafka hands every record of a topic the same topic
     * String, whose hash is cached, so one lookup and an identity check on the schema replace
     * building the subject name and hashing it for every record.
     */
    private final Map<String, Writer> byTopic = new ConcurrentHashMap<>();
    private static final ThreadLocal<Buffer> BUFFER = ThreadLocal.withInitial(Buffer::new);

    /** Cache key: the subject and the record's schema (compared by value; identical instances short-cut). */
    private record WriterKey(String subject, Schema recordSchema) {}

    /** For Kafka's config-driven instantiation; {@link #configure} creates the registry client. */
    public AvroSerializer() {}

    /** With a shared registry client (one cache for all serdes of a process). */
    public AvroSerializer(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        this.isKey = isKey;
        this.useLatest = config.useLatestVersion();
        this.autoRegister = config.autoRegister() && !useLatest;
        if (registry == null) {
            registry = SchemaRegistryClients.create(configs);
            ownsRegistry = true;
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroSerializer used before configure()");
        }
        Schema schema;
        try {
            schema = AvroSchemas.schemaOf(data);
        } catch (SerializationException e) {
            throw new SerializationException("Cannot serialize to topic " + topic + ": " + e.getMessage(), e);
        }
        if (!useLatest) {
            Writer last = byTopic.get(topic);
            if (last != null && last.recordSchema == schema) {
                return last.write(topic, data);
            }
        }
        String subject = subjectName(topic, isKey);
        WriterKey key = new WriterKey(subject, schema);
        Writer writer = writers.get(key);
        if (useLatest) {
            RegisteredSchema latest = registered(topic, subject, () -> registry.getLatest(subject));
            if (writer == null || writer.id != latest.id()) {
                writer = Writer.projecting(topic, subject, schema, latest);
                writers.put(key, writer);
            }
        } else if (writer == null) {
            int id = registered(topic, subject, () -> autoRegister ? registry.register(subject, schema)
                    : registry.lookup(subject, schema).id());
            writer = Writer.direct(schema, id);
            writers.put(key, writer);
        }
        if (!useLatest) {
            byTopic.put(topic, writer);
        }
        return writer.write(topic, data);
    }

    /** TopicNameStrategy. */
    public static String subjectName(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    private static <R> R registered(String topic, String subject, java.util.function.Supplier<R> call) {
        try {
            return call.get();
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot serialize to topic " + topic + ": schema registry refused subject "
                    + subject + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        if (ownsRegistry && registry != null) {
            registry.close();
        }
    }

    /** Encoder for one (subject, record schema): the registered writer schema and its id. */
    private static final class Writer {
        final Schema recordSchema;
        final int id;
        final DatumWriter<Object> datumWriter;
        final DatumReader<Object> projectionReader;
        final DatumWriter<Object> projectionWriter;

        private Writer(Schema recordSchema, int id, Schema writerSchema) {
            this.recordSchema = recordSchema;
            this.id = id;
            this.datumWriter = new SpecificDatumWriter<>(recordSchema, SpecificData.getForSchema(recordSchema));
            boolean same = recordSchema.equals(writerSchema);
            // projection works on the plain Avro representation (no logical-type conversions) on both sides
            this.projectionReader = same ? null : new GenericDatumReader<>(recordSchema, writerSchema, GenericData.get());
            this.projectionWriter = same ? null : new GenericDatumWriter<>(writerSchema, GenericData.get());
        }

        static Writer direct(Schema recordSchema, int id) {
            return new Writer(recordSchema, id, recordSchema);
        }

        static Writer projecting(String topic, String subject, Schema recordSchema, RegisteredSchema latest) {
            SchemaCompatibility.SchemaPairCompatibility fit =
                    SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), recordSchema);
            if (fit.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                throw new SerializationException("Cannot serialize to topic " + topic + ": latest schema (id " + latest.id()
                        + ", version " + latest.version() + ") of subject " + subject + " cannot represent a "
                        + recordSchema.getFullName() + " record (" + fit.getDescription() + ")");
            }
            return new Writer(recordSchema, latest.id(), latest.schema());
        }

        byte[] write(String topic, Object data) {
            Buffer buffer = BUFFER.get();
            try {
                buffer.reset();
                buffer.skipHeader();
                BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(buffer, buffer.encoder);
                buffer.encoder = encoder;
                datumWriter.write(data, encoder);
                byte[] out = buffer.toFramedBytes(id);
                return projectionWriter == null ? out : project(out);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("Cannot serialize " + recordSchema.getFullName() + " to topic " + topic
                        + " with schema id " + id + ": " + e, e);
            }
        }

        /** Re-encodes bytes written with the record schema as the registered writer schema. */
        private byte[] project(byte[] framed) throws IOException {
            Object projected = projectionReader.read(null, DecoderFactory.get().binaryDecoder(
                    framed, WireFormat.HEADER_SIZE, framed.length - WireFormat.HEADER_SIZE, null));
            Buffer buffer = new Buffer();
            buffer.skipHeader();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(buffer, null);
            projectionWriter.write(projected, encoder);
            return buffer.toFramedBytes(id);
        }
    }

    /** A reusable output buffer that leaves room for the header. */
    private static final class Buffer extends ByteArrayOutputStream {
        BinaryEncoder encoder;

        Buffer() {
            super(256);
        }

        void skipHeader() {
            count = WireFormat.HEADER_SIZE;
        }

        byte[] toFramedBytes(int schemaId) {
            byte[] out = Arrays.copyOf(buf, count);
            WireFormat.writeHeader(out, schemaId);
            return out;
        }
    }
}

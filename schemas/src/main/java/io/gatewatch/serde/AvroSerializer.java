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
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
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
 * use; otherwise it must already be registered (looked up). With {@code use.latest.version=true}
 * the latest schema of the subject is the writer schema and the record is projected onto it by
 * field name (Avro schema resolution, defaults filled in). The schema id is resolved once per
 * (subject, schema) and cached; encoding reuses a per-thread buffer. Thread-safe.
 */
public class AvroSerializer<T> implements Serializer<T> {

    private SchemaRegistryClient registry;
    private boolean isKey;
    private boolean autoRegister = true;
    private boolean useLatest;
    private final Map<String, Writer> writers = new ConcurrentHashMap<>();
    private static final ThreadLocal<Buffer> BUFFER = ThreadLocal.withInitial(Buffer::new);

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
        Schema schema = AvroSchemas.schemaOf(data);
        String subject = subjectName(topic, isKey);
        Writer writer = writers.get(subject);
        if (writer == null || writer.recordSchema != schema) {
            writer = resolveWriter(topic, subject, schema);
            writers.put(subject, writer);
        }
        return writer.write(topic, data);
    }

    /** TopicNameStrategy. */
    public static String subjectName(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    private Writer resolveWriter(String topic, String subject, Schema schema) {
        try {
            if (useLatest) {
                RegisteredSchema latest = registry.getLatest(subject);
                return new Writer(schema, latest.id(), latest.schema());
            }
            int id = autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema).id();
            return new Writer(schema, id, schema);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot serialize to topic " + topic + ": schema registry refused subject "
                    + subject + " (" + e.getMessage() + ")", e);
        }
    }

    /** Encoder for one subject: the record's schema, the registered writer schema and its id. */
    private static final class Writer {
        final Schema recordSchema;
        final int id;
        final Schema writerSchema;
        final DatumWriter<Object> datumWriter;
        final DatumWriter<Object> projectionWriter;

        Writer(Schema recordSchema, int id, Schema writerSchema) {
            this.recordSchema = recordSchema;
            this.id = id;
            this.writerSchema = writerSchema;
            this.datumWriter = new SpecificDatumWriter<>(recordSchema, SpecificData.getForSchema(recordSchema));
            this.projectionWriter = recordSchema.equals(writerSchema) ? null : new GenericDatumWriter<>(writerSchema);
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
            GenericDatumReader<Object> reader = new GenericDatumReader<>(recordSchema, writerSchema);
            Object projected = reader.read(null, DecoderFactory.get().binaryDecoder(
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

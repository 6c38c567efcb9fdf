package io.gatewatch.serde;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/** Which Avro schema describes a Java value or class, for records and the primitives Confluent supports. */
public final class AvroSchemas {
    private static final Map<Class<?>, Schema.Type> PRIMITIVES = Map.of(
            String.class, Schema.Type.STRING,
            org.apache.avro.util.Utf8.class, Schema.Type.STRING,
            Integer.class, Schema.Type.INT,
            Long.class, Schema.Type.LONG,
            Float.class, Schema.Type.FLOAT,
            Double.class, Schema.Type.DOUBLE,
            Boolean.class, Schema.Type.BOOLEAN,
            byte[].class, Schema.Type.BYTES,
            ByteBuffer.class, Schema.Type.BYTES);
    private static final Map<Schema.Type, Schema> PRIMITIVE_SCHEMAS = Map.of(
            Schema.Type.STRING, Schema.create(Schema.Type.STRING),
            Schema.Type.INT, Schema.create(Schema.Type.INT),
            Schema.Type.LONG, Schema.create(Schema.Type.LONG),
            Schema.Type.FLOAT, Schema.create(Schema.Type.FLOAT),
            Schema.Type.DOUBLE, Schema.create(Schema.Type.DOUBLE),
            Schema.Type.BOOLEAN, Schema.create(Schema.Type.BOOLEAN),
            Schema.Type.BYTES, Schema.create(Schema.Type.BYTES));

    private AvroSchemas() {}

    /** The schema of a value: a record's own schema, or the primitive schema for a supported Java type. */
    public static Schema schemaOf(Object value) {
        if (value instanceof GenericContainer container) {
            return container.getSchema();
        }
        return schemaOf(value.getClass());
    }

    /** The reader schema for a class: the generated class's schema, or a primitive schema. */
    public static Schema schemaOf(Class<?> type) {
        if (SpecificRecord.class.isAssignableFrom(type)) {
            return SpecificData.get().getSchema(type);
        }
        Schema.Type primitive = PRIMITIVES.get(type);
        if (primitive == null) {
            throw new SerializationException("Unsupported type for Avro serde: " + type.getName());
        }
        return PRIMITIVE_SCHEMAS.get(primitive);
    }
}

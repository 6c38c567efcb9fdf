package io.gatewatch.serde.codec;

/**
 * A hand-written Avro binary codec for one generated record class, for the records every scan
 * passes through (Avro's generic specific reader and writer were a fifth of the stream threads'
 * time, issue 20). It writes exactly the bytes Avro writes for the class's own schema and reads
 * them back, bounded by the record's bytes; {@link CodecSerde} frames it and falls back to Avro for
 * any other writer schema.
 */
interface RecordCodec<T> {
    Class<T> type();

    void write(AvroBinaryWriter out, T value);

    T read(AvroBinaryReader in);
}

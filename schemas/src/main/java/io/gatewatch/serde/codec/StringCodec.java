package io.gatewatch.serde.codec;

/**
 * An Avro {@code "string"} datum (the record keys: deviceId, villageCode, person token, county):
 * length and UTF-8 bytes, as Avro writes and reads it.
 */
final class StringCodec implements RecordCodec<String> {
    static final StringCodec INSTANCE = new StringCodec();

    private StringCodec() {}

    @Override
    public Class<String> type() {
        return String.class;
    }

    @Override
    public void write(AvroBinaryWriter out, String value) {
        out.writeString(value);
    }

    @Override
    public String read(AvroBinaryReader in) {
        return in.readString();
    }
}

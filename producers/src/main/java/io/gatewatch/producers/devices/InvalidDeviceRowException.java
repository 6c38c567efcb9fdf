package io.gatewatch.producers.devices;

/** A device row refused: the field and what is wrong with it (never the value, which may be long or unprintable). */
public final class InvalidDeviceRowException extends IllegalArgumentException {
    private final String field;

    public InvalidDeviceRowException(String field, String problem) {
        super("field '" + field + "' " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

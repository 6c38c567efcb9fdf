package io.gatewatch.producers.devices;

import io.gatewatch.schema.AreaCodes;
import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.CheckpointKind;
import io.gatewatch.schema.DeviceKind;
import io.gatewatch.schema.DeviceRegistration;
import io.gatewatch.schema.TemperatureUnit;
import io.gatewatch.schema.TextPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The one validator of a device row, whichever way it arrives (a CSV line of {@code gatewatch
 * devices import}, the JSON body of {@code PUT /v1/devices/{id}}): fields by name, as text, into
 * a {@link DeviceRegistration} or a refusal naming the field. Pure and thread-safe.
 */
public final class DeviceRows {
    public static final String DEVICE_ID = "deviceId";
    public static final String CHECKPOINT_ID = "checkpointId";
    public static final String VILLAGE_CODE = "villageCode";
    public static final String UNIT = "unit";
    public static final String CALIBRATION_OFFSET_CELSIUS = "calibrationOffsetCelsius";
    public static final String KIND = "kind";
    public static final String NAME = "name";
    /** The fields of a row, in the order of the CSV header. */
    public static final List<String> FIELDS = List.of(DEVICE_ID, CHECKPOINT_ID, VILLAGE_CODE, UNIT, CALIBRATION_OFFSET_CELSIUS,
            KIND, NAME);
    /** Largest calibration offset accepted: a device further off than this needs repair, not an offset. */
    public static final double MAX_CALIBRATION_OFFSET_CELSIUS = 5.0;
    /** Longest checkpoint name, in characters. */
    public static final int NAME_MAX_LENGTH = 128;

    private DeviceRows() {}

    /**
     * The registration a row describes, written at {@code updatedAt}. A device already registered
     * ({@code existing}, may be null) keeps what rows do not carry (what it measures, the body site)
     * and stays retired if it was. Blank {@code calibrationOffsetCelsius} means 0, blank {@code name}
     * means none.
     *
     * @throws InvalidDeviceRowException naming the first field that is missing or invalid
     */
    public static DeviceRegistration toRegistration(Map<String, String> row, DeviceRegistration existing, Instant updatedAt) {
        String deviceId = id(row, DEVICE_ID);
        String checkpointId = id(row, CHECKPOINT_ID);
        String villageCode = required(row, VILLAGE_CODE);
        if (!AreaCodes.isVillageCode(villageCode)) {
            throw new InvalidDeviceRowException(VILLAGE_CODE, "is not a 12-digit village code");
        }
        TemperatureUnit unit = switch (required(row, UNIT).toUpperCase(Locale.ROOT)) {
            case "C" -> TemperatureUnit.CELSIUS;
            case "F" -> TemperatureUnit.FAHRENHEIT;
            default -> throw new InvalidDeviceRowException(UNIT, "must be C or F");
        };
        double offset = offset(text(row, CALIBRATION_OFFSET_CELSIUS));
        CheckpointKind kind = kind(required(row, KIND));
        String name = text(row, NAME);
        if (!name.isEmpty()) {
            TextPolicy.violation(name, NAME_MAX_LENGTH).ifPresent(v -> {
                throw new InvalidDeviceRowException(NAME, v);
            });
        }
        return DeviceRegistration.newBuilder()
                .setDeviceId(deviceId)
                .setCheckpointId(checkpointId)
                .setVillageCode(villageCode)
                .setKind(existing == null ? DeviceKind.COMBINED : existing.getKind())
                .setBodySite(existing == null ? BodySite.FOREHEAD : existing.getBodySite())
                .setUnit(unit)
                .setCalibrationOffsetCelsius(offset)
                .setCheckpointKind(kind)
                .setCheckpointName(name.isEmpty() ? null : name)
                .setRetired(existing != null && existing.getRetired())
                .setUpdatedAt(updatedAt)
                .build();
    }

    /** True when {@code a} and {@code b} register the same thing (when they were written aside): re-importing it changes nothing. */
    public static boolean sameRegistration(DeviceRegistration a, DeviceRegistration b) {
        if (a == null || b == null) {
            return a == b;
        }
        DeviceRegistration bAtA = DeviceRegistration.newBuilder(b).setUpdatedAt(a.getUpdatedAt()).build();
        return Objects.equals(a, bAtA);
    }

    /** {@code registration} retired (or back in service) as of {@code updatedAt}. */
    public static DeviceRegistration withRetired(DeviceRegistration registration, boolean retired, Instant updatedAt) {
        return DeviceRegistration.newBuilder(registration).setRetired(retired).setUpdatedAt(updatedAt).build();
    }

    /** The row of {@code registration}, field by field (the inverse of {@link #toRegistration}). */
    public static Map<String, String> toRow(DeviceRegistration registration) {
        return Map.of(DEVICE_ID, registration.getDeviceId(),
                CHECKPOINT_ID, registration.getCheckpointId(),
                VILLAGE_CODE, registration.getVillageCode(),
                UNIT, registration.getUnit() == TemperatureUnit.FAHRENHEIT ? "F" : "C",
                CALIBRATION_OFFSET_CELSIUS, Double.toString(registration.getCalibrationOffsetCelsius()),
                KIND, registration.getCheckpointKind().name(),
                NAME, registration.getCheckpointName() == null ? "" : registration.getCheckpointName());
    }

    private static String id(Map<String, String> row, String field) {
        String value = required(row, field);
        TextPolicy.violation(value, TextPolicy.FieldLimits.ID).ifPresent(v -> {
            throw new InvalidDeviceRowException(field, v);
        });
        return value;
    }

    private static String required(Map<String, String> row, String field) {
        String value = text(row, field);
        if (value.isEmpty()) {
            throw new InvalidDeviceRowException(field, "is missing");
        }
        return value;
    }

    private static String text(Map<String, String> row, String field) {
        String value = row.get(field);
        return value == null ? "" : value.strip();
    }

    private static double offset(String text) {
        if (text.isEmpty()) {
            return 0.0;
        }
        double offset;
        try {
            offset = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidDeviceRowException(CALIBRATION_OFFSET_CELSIUS, "is not a number");
        }
        if (!(Math.abs(offset) <= MAX_CALIBRATION_OFFSET_CELSIUS)) {
            throw new InvalidDeviceRowException(CALIBRATION_OFFSET_CELSIUS,
                    "must lie within ±" + MAX_CALIBRATION_OFFSET_CELSIUS + " °C");
        }
        return offset;
    }

    private static CheckpointKind kind(String text) {
        String symbol = text.toUpperCase(Locale.ROOT);
        for (CheckpointKind kind : CheckpointKind.values()) {
            if (kind != CheckpointKind.UNKNOWN_CHECKPOINT_KIND && kind.name().equals(symbol)) {
                return kind;
            }
        }
        throw new InvalidDeviceRowException(KIND, "must be one of GATE, CLINIC, PHARMACY, APP, STAFF");
    }
}

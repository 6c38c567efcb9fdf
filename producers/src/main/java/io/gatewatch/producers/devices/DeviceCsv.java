package io.gatewatch.producers.devices;

import io.gatewatch.schema.CsvRows;
import io.gatewatch.schema.DeviceRegistration;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a device CSV ({@code deviceId,checkpointId,villageCode,unit,calibrationOffsetCelsius,kind,name},
 * UTF-8, the header first) into registrations, all or nothing: any bad row (each checked by
 * {@link DeviceRows}) fails the whole file with every problem found, each with its line number, so
 * an import never publishes half a file. Fields may be quoted ({@code "a, b"}, {@code ""} for a quote);
 * blank lines are skipped.
 */
public final class DeviceCsv {
    /** The header a file must start with: {@link DeviceRows#FIELDS}, a literal so command help can quote it. */
    public static final String HEADER = "deviceId,checkpointId,villageCode,unit,calibrationOffsetCelsius,kind,name";

    private DeviceCsv() {}

    /**
     * The registrations of every row, in file order, written at {@code updatedAt}; {@code existing}
     * gives a device's current registration (or null) so what a row does not carry is kept.
     *
     * @throws DeviceImportException listing the bad lines
     */
    public static List<DeviceRegistration> read(Reader csv, Function<String, DeviceRegistration> existing, Instant updatedAt)
            throws IOException {
        BufferedReader lines = new BufferedReader(csv);
        if (!CsvRows.header(lines).equals(HEADER)) {
            throw new DeviceImportException(List.of("line 1: the header must be exactly " + HEADER));
        }
        return CsvRows.read(lines, fields -> {
            Map<String, String> row = row(fields);
            return DeviceRows.toRegistration(row, existing.apply(row.get(DeviceRows.DEVICE_ID).strip()), updatedAt);
        }, DeviceRegistration::getDeviceId, DeviceRows.DEVICE_ID, "device", DeviceImportException::new);
    }

    private static Map<String, String> row(List<String> fields) {
        if (fields.size() != DeviceRows.FIELDS.size()) {
            throw new IllegalArgumentException("has " + fields.size() + " fields, the header " + DeviceRows.FIELDS.size());
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            row.put(DeviceRows.FIELDS.get(i), fields.get(i));
        }
        return row;
    }
}

package io.gatewatch.producers.devices;

import io.gatewatch.schema.CsvImportException;
import java.util.List;

/** A device file refused as a whole: one line per problem, each naming its line number. */
public final class DeviceImportException extends CsvImportException {
    public DeviceImportException(List<String> problems) {
        super(problems);
    }
}

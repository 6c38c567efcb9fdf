package io.gatewatch.producers.devices;

import java.util.List;

/** A device file refused as a whole: one line per problem, each naming its line number. */
public final class DeviceImportException extends IllegalArgumentException {
    private final List<String> problems;

    public DeviceImportException(List<String> problems) {
        super("nothing imported: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

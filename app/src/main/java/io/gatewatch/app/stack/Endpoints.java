package io.gatewatch.app.stack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the parts of a running stack listen, in start order: printed as a block for people
 * ({@code label  value  note}, labels padded to one column) and kept as {@code key -> value}
 * (no notes) for the summary JSON, which programs read to connect.
 */
public final class Endpoints {
    private record Entry(String label, String value, String note) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    /** Adds an endpoint: {@code key} for programs (camelCase), {@code label} and {@code note} (may be empty) for people. */
    public Endpoints add(String key, String label, String value, String note) {
        entries.put(key, new Entry(label, value, note));
        return this;
    }

    public Endpoints note(String note) {
        notes.add(note);
        return this;
    }

    /** {@code key -> value}, in start order. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        entries.forEach((k, e) -> values.put(k, e.value()));
        return Collections.unmodifiableMap(values);
    }

    public String render(String title) {
        int labelWidth = entries.values().stream().mapToInt(e -> e.label().length()).max().orElse(0);
        int valueWidth = entries.values().stream().mapToInt(e -> e.value().length()).max().orElse(0);
        StringBuilder block = new StringBuilder();
        block.append(title).append('\n');
        for (Entry e : entries.values()) {
            String line = "  " + pad(e.label(), labelWidth) + "  " + (e.note().isEmpty() ? e.value() : pad(e.value(), valueWidth) + "  " + e.note());
            block.append(line.stripTrailing()).append('\n');
        }
        notes.forEach(n -> block.append(n).append('\n'));
        return block.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}

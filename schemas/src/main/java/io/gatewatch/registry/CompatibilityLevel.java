package io.gatewatch.registry;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Confluent's compatibility levels, checked with Avro's own {@link SchemaCompatibility}.
 *
 * <p>BACKWARD: consumers on the new schema read data written with the previous one.
 * FORWARD: consumers on the previous schema read data written with the new one. FULL: both.
 * The {@code _TRANSITIVE} variants check against every earlier version, not only the latest.
 */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    /**
     * True when {@code candidate} may follow {@code existing} (oldest first) under this level.
     */
    public boolean allows(Schema candidate, List<Schema> existing) {
        if (this == NONE || existing.isEmpty()) {
            return true;
        }
        List<Schema> against = isTransitive() ? existing : List.of(existing.get(existing.size() - 1));
        for (Schema previous : against) {
            if (checksBackward() && !canRead(candidate, previous)) {
                return false;
            }
            if (checksForward() && !canRead(previous, candidate)) {
                return false;
            }
        }
        return true;
    }

    private boolean isTransitive() {
        return name().endsWith("_TRANSITIVE");
    }

    private boolean checksBackward() {
        return name().startsWith("BACKWARD") || name().startsWith("FULL");
    }

    private boolean checksForward() {
        return name().startsWith("FORWARD") || name().startsWith("FULL");
    }

    private static boolean canRead(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    /** Parses a level name as Confluent writes it; throws {@link SchemaRegistryException.InvalidCompatibilityLevel}. */
    public static CompatibilityLevel parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            throw new SchemaRegistryException.InvalidCompatibilityLevel("Invalid compatibility level: " + name);
        }
    }
}

package io.gatewatch.sinks.jdbc;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Rows of {@code table} whose {@code timeColumn} is older than {@code keep} are deleted by the
 * {@link RetentionPurger}. Table and column become SQL identifiers, so only plain lowercase names pass.
 */
record RetentionRule(String table, String timeColumn, Duration keep) {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    public RetentionRule {
        if (!IDENTIFIER.matcher(table).matches() || !IDENTIFIER.matcher(timeColumn).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + table + "." + timeColumn);
        }
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("retention of " + table + " must be positive");
        }
    }
}

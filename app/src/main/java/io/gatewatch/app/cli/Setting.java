package io.gatewatch.app.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The setting an {@code @Option} field gives: when the user sets the flag, {@link ProcessCommand}
 * adds {@code key -> value} to the flags source (which outranks environment and file), so a flag
 * is declared once, beside its option, instead of in a hand-written copy per command.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Setting {
    /** The setting's key, e.g. {@code kafka.bootstrap.servers}. */
    String value();
}

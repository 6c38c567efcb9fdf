package io.gatewatch.sinks.kafka;

import org.apache.kafka.common.config.ConfigDef;

/** Validators that describe themselves, so generated config tables show what is valid. */
public final class Validators {
    private Validators() {}

    public static ConfigDef.Validator named(String description, ConfigDef.Validator check) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                check.ensureValid(name, value);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}

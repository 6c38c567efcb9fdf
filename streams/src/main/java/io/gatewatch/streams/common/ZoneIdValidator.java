package io.gatewatch.streams.common;

import java.time.ZoneId;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Validates a time-zone setting: accepts region ids such as {@code Asia/Shanghai} and fixed offsets
 * such as {@code +08:00}. Shared by every application that defines the deployment's zone, so they
 * accept and refuse the same values.
 */
public final class ZoneIdValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
        try {
            ZoneId.of((String) value);
        } catch (RuntimeException e) {
            throw new ConfigException(name, value, "not a time zone id (" + e.getMessage() + ")");
        }
    }

    @Override
    public String toString() {
        return "an IANA zone id, e.g. Asia/Shanghai";
    }
}

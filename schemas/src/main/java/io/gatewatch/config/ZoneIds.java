package io.gatewatch.config;

import java.time.ZoneId;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** The one validator of time-zone settings: region ids such as {@code Asia/Shanghai} and fixed offsets such as {@code +08:00}. */
public final class ZoneIds {
    private ZoneIds() {}

    public static ConfigDef.Validator validator() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                try {
                    ZoneId.of(String.valueOf(value));
                } catch (RuntimeException e) {
                    throw new ConfigException(name, value, "not a time zone id (" + e.getMessage() + ")");
                }
            }

            @Override
            public String toString() {
                return "an IANA zone id, e.g. Asia/Shanghai";
            }
        };
    }
}

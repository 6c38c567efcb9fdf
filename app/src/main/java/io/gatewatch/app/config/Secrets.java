package io.gatewatch.app.config;

import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Decides which settings are secrets, so that no printed or logged configuration ever shows
 * them. A setting is secret when its {@link ConfigDef} type is {@code PASSWORD}, or when its key
 * looks like one (passwords, secrets, tokens, JAAS configs, basic-auth user info, private keys):
 * pass-through Kafka and registry settings have no {@code ConfigDef} here, so the name decides.
 */
public final class Secrets {
    public static final String MASK = "[hidden]";
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(password|passwd|secret|token|jaas|user\\.info|credential|private|keystore\\.key|\\.key\\.pem|apikey|api\\.key)",
            Pattern.CASE_INSENSITIVE);

    private Secrets() {}

    public static boolean isSecret(String key, ConfigDef.Type type) {
        return type == ConfigDef.Type.PASSWORD || SECRET_KEY.matcher(key).find();
    }

    public static boolean isSecret(String key) {
        return isSecret(key, null);
    }

    /** The value as it may be shown: {@value #MASK} for a non-empty secret. */
    public static String printable(String key, ConfigDef.Type type, Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        if (isSecret(key, type) && !text.isEmpty()) {
            return MASK;
        }
        return text;
    }
}

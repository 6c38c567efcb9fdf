package io.gatewatch.sinks.subscriber;

import java.io.PrintStream;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * What the CLI's {@code subscribe} command calls: validates the settings, follows the alerts until
 * the JVM is asked to stop (Ctrl-C, SIGTERM), then closes cleanly. No {@code main}: the CLI owns
 * argument parsing and the process.
 */
public final class AlertSubscriberRunner {
    /** Exit code for settings that do not validate. */
    public static final int BAD_CONFIG = 2;

    private AlertSubscriberRunner() {}

    /**
     * Runs until shutdown. Returns 0 after a clean stop, {@link #BAD_CONFIG} (with the offending key
     * named on {@code err}) when the settings are invalid.
     */
    public static int run(Map<String, ?> settings, PrintStream out, PrintStream err) {
        SubscriberConfig config;
        try {
            config = new SubscriberConfig(settings);
        } catch (ConfigException e) {
            err.println("Invalid subscriber settings: " + e.getMessage());
            return BAD_CONFIG;
        }
        AlertSubscriber subscriber = new AlertSubscriber(config, out);
        Thread stop = new Thread(subscriber::close, "gatewatch-subscriber-shutdown");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            subscriber.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it closes the subscriber
            }
        }
        return 0;
    }
}

package io.gatewatch.app.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Settings of {@code gatewatch demo}, the whole system in one JVM. */
public final class DemoConfig {
    public static final String DATA_DIR = "demo.data.dir";
    public static final String DURATION_MS = "demo.duration.ms";
    public static final String SUMMARY_JSON = "demo.summary.json";
    public static final String KAFKA_PORT = "demo.kafka.port";
    public static final String POSTGRES_PORT = "demo.postgres.port";
    public static final String PROGRESS_INTERVAL_MS = "demo.progress.interval.ms";
    public static final String DRAIN_TIMEOUT_MS = "demo.drain.timeout.ms";
    public static final String RATE = "demo.rate.scans.per.second";

    private DemoConfig() {}

    public static ConfigDef configDef() {
        return new ConfigDef()
                .define(DATA_DIR, Type.STRING, "", Importance.HIGH,
                        "Directory for the broker's log, PostgreSQL's cluster and Streams state. Empty: a fresh temporary "
                                + "directory deleted on exit. Given: kept, and a restart resumes from it.")
                .define(DURATION_MS, Type.LONG, 0L, Range.atLeast(0), Importance.HIGH,
                        "Run for this long, then drain and stop; 0 runs until Ctrl-C.")
                .define(SUMMARY_JSON, Type.STRING, "", Importance.MEDIUM,
                        "Write the final figures (scans produced and processed, alerts by type, rejections by reason, "
                                + "rows per table) as JSON to this file on exit. Empty: no file.")
                .define(KAFKA_PORT, Type.INT, 0, Range.between(0, 65535), Importance.LOW,
                        "Port of the embedded broker; 0 picks a free one.")
                .define(POSTGRES_PORT, Type.INT, 0, Range.between(0, 65535), Importance.LOW,
                        "Port of the embedded PostgreSQL; 0 picks a free one.")
                .define(PROGRESS_INTERVAL_MS, Type.LONG, 0L, Range.atLeast(0), Importance.LOW,
                        "How often the progress line is refreshed; 0 = every second on a terminal (in place) "
                                + "and every 10 seconds otherwise (one line each).")
                .define(RATE, Type.DOUBLE, 50.0, Range.between(0.01, 1_000_000.0), Importance.HIGH,
                        "Mean scans per second the simulator sends, in real time (sets sim.scans.per.village.per.day "
                                + "unless that is given).")
                .define(DRAIN_TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(0), Importance.LOW,
                        "At the end of a bounded run, how long to wait for the pipeline to process everything produced.");
    }
}

package io.gatewatch.producers.gate;

import java.util.Locale;

/**
 * When the {@link FileSpool} forces its writes to the storage device. A process crash (kill -9,
 * JVM abort) loses nothing under any policy, because written bytes sit in the OS page cache; the
 * policies differ only in what survives a power cut or an OS crash.
 */
public enum FsyncPolicy {
    /**
     * Every append (or every batch given to {@link FileSpool#appendAll}) is on the device before it
     * returns. A scan reported as spooled survives a power cut. The default.
     */
    ALWAYS,
    /**
     * At most every {@code spool.fsync.interval.ms}, on an append or on the client's periodic tick.
     * A power cut may lose the scans spooled in the last interval.
     */
    INTERVAL,
    /** Never forced; the OS writes back when it likes (typically within 30 s). For tests and benchmarks. */
    NEVER;

    /** Parses {@code always}, {@code interval} or {@code never}, case-insensitively. */
    public static FsyncPolicy parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}

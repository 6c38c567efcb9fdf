package io.gatewatch.sinks.jdbc;

/**
 * Called by the sink as each batch passes a {@link FaultPoint}. Production uses {@link #NONE}; a
 * test throws from it to crash the sink deterministically at that point (the exception escapes
 * the sink's loop like a kill: no rollback handling beyond what a dropped connection gets, no
 * further commit).
 */
@FunctionalInterface
public interface FaultHook {
    FaultHook NONE = point -> {};

    void reached(FaultPoint point);
}

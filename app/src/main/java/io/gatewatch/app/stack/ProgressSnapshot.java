package io.gatewatch.app.stack;

import java.util.OptionalLong;

/**
 * Cumulative figures of a running stack at one instant, read for the progress line.
 *
 * @param nanoTime  {@link System#nanoTime()} when taken, for rates
 * @param produced  scans sent to Kafka by the producers in this process
 * @param processed scans screened by the topology
 * @param alerts    alerts raised, all types
 * @param rejected  scans refused, all reasons
 * @param lag       records not yet consumed by GateWatch's consumer groups; empty when unknown
 */
public record ProgressSnapshot(long nanoTime, long produced, long processed, long alerts, long rejected, OptionalLong lag) {}

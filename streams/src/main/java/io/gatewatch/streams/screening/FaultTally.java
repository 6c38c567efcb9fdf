package io.gatewatch.streams.screening;

/**
 * One device's readings in one fault-rate window: how many, how many implausible, and whether the
 * window already raised its DEVICE_FAULT_RATE alert (at most one per device and window).
 * Stored with the other devices of its bucket ({@link FaultTallies}).
 */
record FaultTally(int readings, int implausible, boolean alerted) {
    static final FaultTally EMPTY = new FaultTally(0, 0, false);

    FaultTally add(boolean isImplausible) {
        return new FaultTally(readings + 1, implausible + (isImplausible ? 1 : 0), alerted);
    }

    FaultTally markAlerted() {
        return new FaultTally(readings, implausible, true);
    }

    /** True when the implausible share reaches {@code threshold} (a tiny epsilon absorbs 0.3 * 10 = 3.0000000000000004). */
    boolean rateAtLeast(double threshold) {
        return readings > 0 && (double) implausible / readings + 1e-9 >= threshold;
    }
}

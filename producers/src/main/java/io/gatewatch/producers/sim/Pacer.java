package io.gatewatch.producers.sim;

/**
 * Decides when the n-th record may go: no earlier than {@code n / rate} seconds after the first
 * (events per second), and no earlier than its simulated send time divided by the speed factor
 * (simulated seconds per wall second). Either limit may be off (0); with both off it never waits.
 * Behind schedule it does not wait, so a slow broker is caught up with rather than drifted from.
 *
 * <p>The simulated clock is anchored when the pacer is made (with the generator, whose start is
 * "now" unless {@code sim.start} says otherwise), not at the first send: start-up (registering
 * devices, topic metadata) takes a second or two, and anchoring at the first send would send every
 * scan that much after its {@code scannedAt}, which dashboards read as detection latency.
 */
final class Pacer {
    /** The wall clock and a way to wait on it; replaced in tests. */
    interface Clock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;
    }

    static final Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    };

    private final double eventsPerSecond;
    private final double speed;
    private final long simulatedStartMs;
    private final Clock clock;
    private final long anchorNanos;
    private long startNanos = Long.MIN_VALUE;

    Pacer(double eventsPerSecond, double speed, long simulatedStartMs, Clock clock) {
        this.eventsPerSecond = eventsPerSecond;
        this.speed = speed;
        this.simulatedStartMs = simulatedStartMs;
        this.clock = clock;
        this.anchorNanos = clock.nanoTime();
    }

    /** Waits until record number {@code index} (from 0), due at simulated {@code emitAtMs}, may be sent. */
    void awaitTurn(long index, long emitAtMs) throws InterruptedException {
        long now = clock.nanoTime();
        if (startNanos == Long.MIN_VALUE) {
            startNanos = now;
        }
        long due = startNanos;
        if (eventsPerSecond > 0) {
            due = Math.max(due, startNanos + (long) (index * 1e9 / eventsPerSecond));
        }
        if (speed > 0) {
            due = Math.max(due, anchorNanos + (long) ((emitAtMs - simulatedStartMs) * 1e6 / speed));
        }
        if (due > now) {
            clock.sleepNanos(due - now);
        }
    }
}

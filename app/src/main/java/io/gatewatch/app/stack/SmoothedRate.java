package io.gatewatch.app.stack;

/**
 * A rate smoothed as an exponentially weighted moving average with a time constant: a sample
 * {@code dt} seconds after the previous one weighs {@code 1 - exp(-dt / timeConstant)}, so the
 * figure reflects about the last {@code timeConstant} seconds whatever the sampling interval, and
 * one slow or bursty second (a commit, a poll that returned two batches) moves it only a little.
 */
public final class SmoothedRate {
    private final double timeConstantSeconds;
    private double rate;
    private boolean started;

    public SmoothedRate(double timeConstantSeconds) {
        if (timeConstantSeconds <= 0) {
            throw new IllegalArgumentException("time constant must be positive: " + timeConstantSeconds);
        }
        this.timeConstantSeconds = timeConstantSeconds;
    }

    /** Adds {@code count} events seen over {@code seconds}; returns the smoothed rate per second. */
    public double add(long count, double seconds) {
        if (seconds <= 0) {
            return rate;
        }
        double instant = count / seconds;
        if (!started) {
            rate = instant;
            started = true;
        } else {
            double weight = 1 - Math.exp(-seconds / timeConstantSeconds);
            rate += weight * (instant - rate);
        }
        return rate;
    }

    public double rate() {
        return rate;
    }
}

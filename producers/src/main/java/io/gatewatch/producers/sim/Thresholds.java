package io.gatewatch.producers.sim;

import io.gatewatch.schema.TemperatureStatus;
import io.gatewatch.schema.TemperatureUnit;

/**
 * The temperature rules the simulator's ground truth classifies with. The defaults are the
 * screening topology's defaults (fever at or above 37.3 °C; plausible human range 34.0–43.0 °C,
 * both ends included); a deployment that changes the screening thresholds must give the
 * simulator the same values ({@code sim.fever.threshold.celsius} and friends), or the ground
 * truth describes another pipeline.
 *
 * @param feverCelsius a plausible reading at or above this is a fever
 * @param plausibleMinCelsius readings below this are device faults (cold IR thermometers)
 * @param plausibleMaxCelsius readings above this are device faults
 */
public record Thresholds(double feverCelsius, double plausibleMinCelsius, double plausibleMaxCelsius) {
    public static final Thresholds DEFAULTS = new Thresholds(37.3, 34.0, 43.0);

    public Thresholds {
        if (!(plausibleMinCelsius < feverCelsius && feverCelsius < plausibleMaxCelsius)) {
            throw new IllegalArgumentException("need plausible min < fever < plausible max, got " + plausibleMinCelsius
                    + " / " + feverCelsius + " / " + plausibleMaxCelsius);
        }
    }

    /** A raw device reading in Celsius after unit conversion and the device's calibration offset. */
    public static double normalise(double value, TemperatureUnit unit, double calibrationOffsetCelsius) {
        double celsius = unit == TemperatureUnit.FAHRENHEIT ? (value - 32.0) * 5.0 / 9.0 : value;
        return celsius + calibrationOffsetCelsius;
    }

    /** The screening outcome of a normalised reading; null means no reading. */
    public TemperatureStatus classify(Double celsius) {
        if (celsius == null) {
            return TemperatureStatus.NO_READING;
        }
        if (celsius.isNaN() || celsius < plausibleMinCelsius || celsius > plausibleMaxCelsius) {
            return TemperatureStatus.IMPLAUSIBLE;
        }
        return celsius >= feverCelsius ? TemperatureStatus.FEVER : TemperatureStatus.NORMAL;
    }

    /**
     * Whether a reading lies within {@code margin} of a threshold, where a consumer's floating-point
     * rounding (a different order of operations for °F→°C, say) could classify it differently.
     */
    public boolean nearABoundary(double celsius, double margin) {
        return Math.abs(celsius - feverCelsius) < margin || Math.abs(celsius - plausibleMinCelsius) < margin
                || Math.abs(celsius - plausibleMaxCelsius) < margin;
    }
}

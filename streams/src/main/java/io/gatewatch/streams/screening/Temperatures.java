package io.gatewatch.streams.screening;

import io.gatewatch.schema.TemperatureUnit;

/**
 * Unit conversion and calibration of raw readings. Pure.
 *
 * <p>The result is rounded to 0.01 °C. Devices resolve 0.1 °C (or 0.1 °F); without rounding,
 * binary floating point makes 37.4 - 0.1 come out as 37.29999999999999 and a reading exactly at
 * the fever threshold would be classified by accident of representation, not by the rule.
 */
public final class Temperatures {
    private Temperatures() {}

    /**
     * The reading in Celsius with the calibration offset added, rounded to 0.01 °C; NaN or infinite
     * input stays non-finite (a device fault, never a temperature).
     */
    public static double toCelsius(double value, TemperatureUnit unit, double calibrationOffsetCelsius) {
        double celsius = unit == TemperatureUnit.FAHRENHEIT ? (value - 32.0) * 5.0 / 9.0 : value;
        double calibrated = celsius + calibrationOffsetCelsius;
        if (!Double.isFinite(calibrated)) {
            return calibrated;
        }
        return Math.round(calibrated * 100.0) / 100.0;
    }
}

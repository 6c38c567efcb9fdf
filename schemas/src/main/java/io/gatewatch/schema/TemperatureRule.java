package io.gatewatch.schema;

/**
 * The one temperature rule: unit conversion and calibration of a raw reading, and its
 * classification. Screening classifies every scan with it and the simulator's ground truth with
 * the same instance values, so the two can never differ by rounding or by a boundary.
 *
 * <p>A normalised reading is rounded to 0.01 °C: devices resolve 0.1 °C (or 0.1 °F), and without
 * rounding binary floating point makes 37.4 - 0.1 come out as 37.29999999999999, so a reading
 * exactly at the threshold would be classified by accident of representation, not by the rule.
 * Inside the plausible range (both ends included) a reading is FEVER at or above the threshold,
 * else NORMAL; outside it, or NaN/infinite, it is IMPLAUSIBLE — a device fault, never a fever.
 *
 * @param feverCelsius a plausible reading at or above this is a fever
 * @param plausibleMinCelsius readings below this are device faults (cold IR thermometers)
 * @param plausibleMaxCelsius readings above this are device faults
 */
public record TemperatureRule(double feverCelsius, double plausibleMinCelsius, double plausibleMaxCelsius) {
    /** The domain's defaults: fever at or above 37.3 °C, plausible human range 34.0–43.0 °C. */
    public static final TemperatureRule DEFAULTS = new TemperatureRule(37.3, 34.0, 43.0);

    public TemperatureRule {
        if (!(plausibleMinCelsius < feverCelsius && feverCelsius <= plausibleMaxCelsius)) {
            throw new IllegalArgumentException("need plausible min < fever threshold <= plausible max, got "
                    + plausibleMinCelsius + " / " + feverCelsius + " / " + plausibleMaxCelsius);
        }
    }

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

    /** The status of a normalised reading ({@link #toCelsius}); non-finite is IMPLAUSIBLE. */
    public TemperatureStatus classify(double celsius) {
        if (!Double.isFinite(celsius) || celsius < plausibleMinCelsius || celsius > plausibleMaxCelsius) {
            return TemperatureStatus.IMPLAUSIBLE;
        }
        return celsius >= feverCelsius ? TemperatureStatus.FEVER : TemperatureStatus.NORMAL;
    }

    /** The status of a reading that may be absent: null is NO_READING. */
    public TemperatureStatus classify(Double celsius) {
        return celsius == null ? TemperatureStatus.NO_READING : classify(celsius.doubleValue());
    }
}

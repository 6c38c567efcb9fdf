package io.gatewatch.sinks.report;

/**
 * Medical observation in one village (or a whole area) on one local day: persons under home and
 * under central observation that day, persons whose observation started or ended that day (a person
 * is "under observation on day d" by {@link io.gatewatch.schema.ObservationPeriod}: from their first
 * day, up to and including their last, the day of an early release free), and the day's
 * OBSERVATION_BREACH and MISSED_CHECKIN alerts.
 *
 * @param home           persons under home medical observation (居家医学观察) that day
 * @param central        persons under central medical observation (集中隔离医学观察) that day
 * @param started        persons whose observation started that day (新增)
 * @param released       persons under observation the day before and no longer that day, by release or
 *                       because their ordered period ended (解除)
 * @param breaches       OBSERVATION_BREACH alerts for scans that day (擅自外出, times)
 * @param missedCheckins MISSED_CHECKIN alerts that day (未按时报告体温, times)
 */
record ObservationFigures(long home, long central, long started, long released, long breaches, long missedCheckins) {
    public static final ObservationFigures NONE = new ObservationFigures(0, 0, 0, 0, 0, 0);

    public ObservationFigures plus(ObservationFigures other) {
        return new ObservationFigures(home + other.home, central + other.central, started + other.started,
                released + other.released, breaches + other.breaches, missedCheckins + other.missedCheckins);
    }

    public boolean isNone() {
        return equals(NONE);
    }
}

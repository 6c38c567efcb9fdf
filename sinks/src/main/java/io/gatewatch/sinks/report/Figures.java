package io.gatewatch.sinks.report;

/**
 * The measures of one {@code area_count} row (or of a sum of rows), exactly as stored.
 *
 * <p>{@code distinctPersons} is null for a sum of rows: a person seen in two areas counts once in
 * their common parent, so distinct counts are not additive and a report never adds them up.
 */
record Figures(
        long scans,
        Long distinctPersons,
        long fevers,
        long yellowCodes,
        long redCodes,
        long deviceFaults,
        long visitors,
        long vehicles,
        long gateScans,
        long phoneAppScans,
        long staffScans,
        long clinicScans,
        long pharmacyScans) {

    /** The sum of two figures; the distinct-person count of a sum is unknown (null). */
    public Figures plus(Figures other) {
        return new Figures(
                scans + other.scans,
                null,
                fevers + other.fevers,
                yellowCodes + other.yellowCodes,
                redCodes + other.redCodes,
                deviceFaults + other.deviceFaults,
                visitors + other.visitors,
                vehicles + other.vehicles,
                gateScans + other.gateScans,
                phoneAppScans + other.phoneAppScans,
                staffScans + other.staffScans,
                clinicScans + other.clinicScans,
                pharmacyScans + other.pharmacyScans);
    }
}

package io.gatewatch.sinks.report;

import java.util.function.Function;

/**
 * The figures a report states, each read from one stored column of {@code area_count} (or, for
 * {@link #NON_GREEN}, the sum of two). {@link #key()} is stable: CSV files and label resources use
 * it, so renaming one breaks the spreadsheets built on it.
 */
enum Measure {
    SCANS("scans", Figures::scans),
    DISTINCT_PERSONS("distinct_persons", Figures::distinctPersons),
    FEVERS("fevers", Figures::fevers),
    NON_GREEN("non_green", f -> f.yellowCodes() + f.redCodes()),
    YELLOW_CODES("yellow_codes", Figures::yellowCodes),
    RED_CODES("red_codes", Figures::redCodes),
    VISITORS("visitors", Figures::visitors),
    VEHICLES("vehicles", Figures::vehicles),
    DEVICE_FAULTS("device_faults", Figures::deviceFaults),
    GATE_SCANS("gate_scans", Figures::gateScans),
    PHONE_APP_SCANS("phone_app_scans", Figures::phoneAppScans),
    STAFF_SCANS("staff_scans", Figures::staffScans),
    CLINIC_SCANS("clinic_scans", Figures::clinicScans),
    PHARMACY_SCANS("pharmacy_scans", Figures::pharmacyScans);

    private final String key;
    private final Function<Figures, Long> reader;

    Measure(String key, Function<Figures, Long> reader) {
        this.key = key;
        this.reader = reader;
    }

    public String key() {
        return key;
    }

    /** The value in {@code figures}; null when the figure is not stated (distinct persons of a sum). */
    public Long of(Figures figures) {
        return reader.apply(figures);
    }
}

package io.gatewatch.bench.load;

import java.util.Arrays;
import java.util.Locale;

/** The measured phases of a harness run, in the order they run; the names are the {@code --phases} values. */
public enum Phase {
    /** Plain consumer + Avro decode of the backlog: the ceiling. */
    CONSUMER("consumer"),
    /** A naive Kafka Streams topology (branch to one alerts topic + 1-minute windowed count per village). */
    NAIVE("naive"),
    /** The screening topology alone over the backlog. */
    SCREENING("screening"),
    /** The counts topology alone over screening's output. */
    COUNTS("counts"),
    /** Screening and counts together: the headline figure. */
    PIPELINE("pipeline"),
    /** Screening, counts and the PostgreSQL sink. */
    END_TO_END("e2e"),
    /** A producer at fixed rates with screening and counts running: scan-to-alert latency. */
    PACED("paced");

    private final String option;

    Phase(String option) {
        this.option = option;
    }

    public String option() {
        return option;
    }

    public static Phase fromOption(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.option.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown phase '" + value + "'; one of "
                        + Arrays.stream(values()).map(Phase::option).toList()));
    }
}

package io.gatewatch.streams.screening;

import io.gatewatch.schema.ScanChecks;
import io.gatewatch.schema.ScanEvent;
import java.util.Optional;

/**
 * The checks a scan must pass before anything else looks at it: the stateless content checks of
 * {@link ScanChecks} (shared with the ingest edge, so both refuse the same scans for the same
 * reason, in the same order), applied to a Kafka record and its key. Pure and thread-safe; the
 * wall-clock time is passed in.
 *
 * <p>Records written straight to Kafka pass here without having met the edge, so this is where
 * the text policy and the person-token shape are enforced for them: a NUL in a checkpoint id or a
 * raw identity posing as a token never reaches state stores, screened scans, alerts or counts.
 */
public final class ScanValidator {
    private final ScanChecks checks;

    public ScanValidator(ScreeningConfig config) {
        this.checks = new ScanChecks(config.maxFutureSkewMs(), config.maxAgeMs());
    }

    /** The scan, accepted or rejected with the first failing check. */
    public Checked check(String key, ScanEvent scan, long nowMs) {
        Optional<ScanChecks.Failure> failure = checks.check(key, scan, nowMs);
        if (failure.isEmpty()) {
            return Checked.accepted(scan);
        }
        return Checked.rejected(scan, failure.get().reason(), failure.get().message());
    }
}

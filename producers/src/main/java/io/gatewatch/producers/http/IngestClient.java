package io.gatewatch.producers.http;

import io.gatewatch.schema.ScanSource;
import java.util.Objects;
import java.util.Set;

/** An authenticated HTTP ingest client (a phone-app backend, a clinic system) and the sources it may report as. */
public record IngestClient(String id, Set<ScanSource> sources) {
    public IngestClient {
        Objects.requireNonNull(id, "id");
        sources = Set.copyOf(sources);
    }

    public boolean mayReport(ScanSource source) {
        return sources.contains(source);
    }
}

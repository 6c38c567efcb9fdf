package io.gatewatch.sinks.report;

import io.gatewatch.http.BearerTokens;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/**
 * Who may read which reports: each reader (a township office, a county health commission) holds a
 * bearer token and/or a client certificate, and is scoped to area-code prefixes — a township
 * official ({@code 330110101}) reads their township and its villages, a county ({@code 330110}) the
 * whole county; nobody reads outside their prefixes. Tokens are kept as digests only.
 */
public final class ReportAccess {
    /** A reader and the area-code prefixes they may read. */
    public record Reader(String id, List<String> areaPrefixes) {
        public Reader {
            Objects.requireNonNull(id, "id");
            areaPrefixes = List.copyOf(areaPrefixes);
        }

        /** True when {@code areaCode} lies within one of the reader's prefixes. */
        public boolean mayRead(String areaCode) {
            return areaPrefixes.stream().anyMatch(areaCode::startsWith);
        }
    }

    private final BearerTokens<Reader> tokens;
    private final Map<String, Reader> byCertificateSubject;

    /**
     * @param tokens               each reader's bearer token
     * @param byCertificateSubject readers by the subject of their client certificate, e.g. {@code CN=county-330110}
     */
    public ReportAccess(Map<Reader, Password> tokens, Map<String, Reader> byCertificateSubject) {
        this.tokens = new BearerTokens<>(tokens);
        this.byCertificateSubject = Map.copyOf(byCertificateSubject);
    }

    /** The reader of a request: by its bearer token, else by its verified client certificate; empty when neither is known. */
    public Optional<Reader> authenticate(String authorization, Optional<String> certificateSubject) {
        if (authorization != null) {
            return tokens.authenticate(authorization);
        }
        return certificateSubject.map(byCertificateSubject::get);
    }
}

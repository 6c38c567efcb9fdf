package io.gatewatch.app.config;

import io.gatewatch.http.BearerTokens;
import io.gatewatch.http.HttpServerSettings;
import io.gatewatch.schema.AreaCodes;
import io.gatewatch.sinks.report.ReportAccess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Where {@code gatewatch report} reads the stored figures, and where {@code --serve} listens. */
public final class ReportSettings {
    public static final String JDBC_URL = "report.jdbc.url";
    public static final String JDBC_USER = "report.jdbc.user";
    public static final String JDBC_PASSWORD = "report.jdbc.password";
    /** The report server's settings (the shared HTTP fragment: host, port, timeouts, TLS) are under this prefix. */
    public static final String HTTP_PREFIX = "report.http.";
    public static final String HTTP_HOST = HTTP_PREFIX + HttpServerSettings.HOST;
    public static final String HTTP_PORT = HTTP_PREFIX + HttpServerSettings.PORT;
    public static final String READERS = "report.readers";
    public static final String READER_PREFIX = "report.reader.";
    public static final String TOKEN_SUFFIX = ".token";
    public static final String AREAS_SUFFIX = ".areas";
    public static final String CERTIFICATE_SUBJECT_SUFFIX = ".certificate.subject";
    private static final int MIN_TOKEN_LENGTH = 16;

    private ReportSettings() {}

    public static ConfigDef configDef() {
        return HttpServerSettings.define(new ConfigDef(), HTTP_PREFIX, "`report --serve` (and the demo's report server)",
                        new HttpServerSettings.Defaults(8090, 8, 64, 1_024))
                .define(JDBC_URL, Type.STRING, "jdbc:postgresql://localhost:5432/gatewatch", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "JDBC URL of the sink's database (read-only use; a read replica will do). When report.jdbc.* are not "
                                + "given, the sink's sink.jdbc.* are used if given.")
                .define(JDBC_USER, Type.STRING, "postgres", Importance.HIGH,
                        "Database user (the default is the demo's embedded PostgreSQL's).")
                .define(JDBC_PASSWORD, Type.PASSWORD, "", Importance.HIGH, "Database password.")
                .define(READERS, Type.LIST, "", Importance.HIGH,
                        "Who may read served reports: reader ids; each needs report.reader.<id>.areas (area-code prefixes it "
                                + "may read: 2, 4, 6, 9 or 12 digits) and report.reader.<id>.token (bearer token, secret, at least "
                                + "16 characters) and/or report.reader.<id>.certificate.subject (client certificate subject, e.g. "
                                + "CN=county-330110, on a TLS port with report.http.tls.client.auth). Empty: `report --serve` refuses to start.");
    }

    /**
     * The readers of {@code report.readers}, validated: areas are digit prefixes of 2, 4, 6, 9 or 12
     * digits; a reader has a token or a certificate subject; tokens are long, sendable and unique.
     */
    public static ReportAccess access(ResolvedConfig config) {
        List<String> ids = config.getList(READERS);
        if (ids.isEmpty()) {
            throw new ConfigException(READERS, "", "reports hold health data: declare at least one reader with its areas and token");
        }
        Map<String, String> given = config.originals();
        Map<ReportAccess.Reader, Password> tokens = new LinkedHashMap<>();
        Map<String, ReportAccess.Reader> bySubject = new LinkedHashMap<>();
        for (String id : ids) {
            String areasKey = READER_PREFIX + id + AREAS_SUFFIX;
            List<String> areas = java.util.Arrays.stream(given.getOrDefault(areasKey, "").split(","))
                    .map(String::trim).filter(a -> !a.isEmpty()).toList();
            if (areas.isEmpty() || !areas.stream().allMatch(AreaCodes::isDivisionCode)) {
                throw new ConfigException(areasKey, given.get(areasKey), "a comma-separated list of area codes of 2, 4, 6, 9 or 12 digits");
            }
            ReportAccess.Reader reader = new ReportAccess.Reader(id, areas);
            String tokenKey = READER_PREFIX + id + TOKEN_SUFFIX;
            String token = given.get(tokenKey);
            String subject = given.get(READER_PREFIX + id + CERTIFICATE_SUBJECT_SUFFIX);
            if (token == null && subject == null) {
                throw new ConfigException(tokenKey, null, "reader '" + id + "' needs a token or a certificate subject");
            }
            if (token != null) {
                if (token.length() < MIN_TOKEN_LENGTH || !BearerTokens.isToken68(token)) {
                    throw new ConfigException(tokenKey, Secrets.MASK, "at least " + MIN_TOKEN_LENGTH
                            + " characters of A-Z a-z 0-9 - . _ ~ + /");
                }
                if (tokens.containsValue(new Password(token))) {
                    throw new ConfigException(tokenKey, Secrets.MASK, "two readers share one token; give each its own");
                }
                tokens.put(reader, new Password(token));
            }
            if (subject != null) {
                bySubject.put(subject.trim(), reader);
            }
        }
        return new ReportAccess(tokens, bySubject);
    }
}

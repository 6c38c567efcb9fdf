package io.gatewatch.sinks.report;

import io.gatewatch.http.HttpEndpoint;
import io.gatewatch.http.Responses;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves reports over HTTP on the shared {@link HttpEndpoint} (Jetty):
 *
 * <pre>GET /reports/daily?date=2026-11-28&amp;area=330110&amp;format=html|md|csv&amp;lang=zh|en
 * GET /reports/daily?from=2026-11-22&amp;to=2026-11-28&amp;area=330110102&amp;format=csv</pre>
 *
 * Parameters as {@link ReportRequest}. Every request needs credentials ({@link ReportAccess}: a
 * bearer token, or a client certificate on a TLS port that asks for one) and may only name an
 * area within the reader's prefixes. Answers: 200 with the report ({@code text/html},
 * {@code text/markdown} or {@code text/csv}, UTF-8; CSV as an attachment named after area and dates);
 * 401 without known credentials; 403 for an area outside the reader's scope; 400 with a plain-text
 * message naming the bad parameter; 404 for any other path; 405 for methods other than GET and
 * HEAD; 503 when the database cannot be read (no partial report). Responses are never cached
 * ({@code Cache-Control: no-store}): provisional figures change.
 */
public final class ReportHttpHandler extends Handler.Abstract {
    public static final String PATH = "/reports/daily";
    private static final Logger LOG = LoggerFactory.getLogger(ReportHttpHandler.class);

    private final ReportGenerator generator;
    private final ZoneId defaultZone;
    private final ReportAccess access;

    public ReportHttpHandler(ReportGenerator generator, ZoneId defaultZone, ReportAccess access) {
        this.generator = generator;
        this.defaultZone = defaultZone;
        this.access = access;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        boolean head = "HEAD".equals(method);
        if (!"GET".equals(method) && !head) {
            response.getHeaders().put("Allow", "GET, HEAD");
            plain(response, callback, 405, "Method " + method + " not allowed; use GET.", false);
            return true;
        }
        String path = Request.getPathInContext(request);
        if (!PATH.equals(path) && !(PATH + "/").equals(path)) {
            plain(response, callback, 404, "No report at " + path + "; reports are at " + PATH + ".", head);
            return true;
        }
        Optional<ReportAccess.Reader> reader = access.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION),
                HttpEndpoint.clientCertificateSubject(request));
        if (reader.isEmpty()) {
            response.getHeaders().put("WWW-Authenticate", "Bearer realm=\"gatewatch-reports\"");
            plain(response, callback, 401, "Reports need credentials: 'Authorization: Bearer <token>' or a client certificate.", head);
            return true;
        }
        ReportRequest parsed;
        try {
            parsed = ReportRequest.parse(parameters(request.getHttpURI().getQuery()), defaultZone);
        } catch (InvalidReportQueryException e) {
            plain(response, callback, 400, e.getMessage() + "\nUsage: " + PATH
                    + "?date=YYYY-MM-DD (or from=...&to=...)&area=<2,4,6,9 or 12 digits>&format=html|md|csv&lang=zh|en", head);
            return true;
        }
        String area = parsed.query().area().code();
        if (!reader.get().mayRead(area)) {
            LOG.info("Report reader {} refused area {} (outside {})", reader.get().id(), area, reader.get().areaPrefixes());
            plain(response, callback, 403, "Area " + area + " is outside what these credentials may read.", head);
            return true;
        }
        Report report;
        try {
            report = generator.generate(parsed.query());
        } catch (ReportUnavailableException e) {
            LOG.error("Report for area {} {}..{} unavailable", area, parsed.query().from(), parsed.query().to(), e);
            response.getHeaders().put("Retry-After", "30");
            plain(response, callback, 503, "The stored figures cannot be read right now; try again later.", head);
            return true;
        }
        ReportFormat format = parsed.format();
        byte[] body = Renderer.render(report, format, parsed.query().language()).getBytes(StandardCharsets.UTF_8);
        if (format == ReportFormat.CSV) {
            response.getHeaders().put("Content-Disposition", "attachment; filename=\"" + fileName(parsed) + "\"");
        }
        send(response, callback, 200, format.contentType(), body, head);
        return true;
    }

    static String fileName(ReportRequest request) {
        ReportQuery query = request.query();
        String dates = query.isSingleDay() ? query.from().toString() : query.from() + "_" + query.to();
        return "gatewatch-report-" + query.area().code() + "-" + dates + "." + request.format().extension();
    }

    /** Query-string parameters, decoded, keeping repeats (so a repeated parameter can be refused). */
    static Map<String, List<String>> parameters(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidReportQueryException(text, "not a valid URL-encoded parameter");
        }
    }

    private static void plain(Response response, Callback callback, int status, String message, boolean head) {
        send(response, callback, status, Responses.TEXT, (message + "\n").getBytes(StandardCharsets.UTF_8), head);
    }

    private static void send(Response response, Callback callback, int status, String contentType, byte[] body, boolean head) {
        if (head) {
            Responses.sendEmpty(response, callback, status, contentType, body.length);
        } else {
            Responses.send(response, callback, status, contentType, body);
        }
    }
}

package io.gatewatch.sinks.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves reports over HTTP for {@code com.sun.net.httpserver.HttpServer}:
 *
 * <pre>GET /reports/daily?date=2026-11-28&amp;area=330110&amp;format=html|md|csv&amp;lang=zh|en
 * GET /reports/daily?from=2026-11-22&amp;to=2026-11-28&amp;area=330110102&amp;format=csv</pre>
 *
 * Parameters as {@link ReportRequest}. Answers: 200 with the report ({@code text/html},
 * {@code text/markdown} or {@code text/csv}, UTF-8; CSV as an attachment named after area and dates);
 * 400 with a plain-text message naming the bad parameter; 404 for any other path; 405 for methods
 * other than GET and HEAD; 503 when the database cannot be read (no partial report). Responses are
 * never cached ({@code Cache-Control: no-store}): provisional figures change.
 * Mount it with {@code server.createContext(ReportHttpHandler.PATH, handler)}.
 */
public final class ReportHttpHandler implements HttpHandler {
    public static final String PATH = "/reports/daily";
    private static final Logger LOG = LoggerFactory.getLogger(ReportHttpHandler.class);

    private final ReportGenerator generator;
    private final ZoneId defaultZone;

    public ReportHttpHandler(ReportGenerator generator, ZoneId defaultZone) {
        this.generator = generator;
        this.defaultZone = defaultZone;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = "HEAD".equals(method);
            if (!"GET".equals(method) && !head) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                plain(exchange, 405, "Method " + method + " not allowed; use GET.", false);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (!PATH.equals(path) && !(PATH + "/").equals(path)) {
                plain(exchange, 404, "No report at " + path + "; reports are at " + PATH + ".", head);
                return;
            }
            ReportRequest request;
            try {
                request = ReportRequest.parse(parameters(exchange.getRequestURI().getRawQuery()), defaultZone);
            } catch (InvalidReportQueryException e) {
                plain(exchange, 400, e.getMessage() + "\nUsage: " + PATH
                        + "?date=YYYY-MM-DD (or from=...&to=...)&area=<2,4,6,9 or 12 digits>&format=html|md|csv&lang=zh|en", head);
                return;
            }
            Report report;
            try {
                report = generator.generate(request.query());
            } catch (ReportUnavailableException e) {
                LOG.error("Report for area {} {}..{} unavailable", request.query().area().code(), request.query().from(),
                        request.query().to(), e);
                exchange.getResponseHeaders().set("Retry-After", "30");
                plain(exchange, 503, "The stored figures cannot be read right now; try again later.", head);
                return;
            }
            ReportFormat format = request.format();
            byte[] body = Renderer.render(report, format, request.query().language()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", format.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (format == ReportFormat.CSV) {
                exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + fileName(request) + "\"");
            }
            send(exchange, 200, body, head);
        }
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

    private static void plain(HttpExchange exchange, int status, String message, boolean head) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, status, (message + "\n").getBytes(StandardCharsets.UTF_8), head);
    }

    private static void send(HttpExchange exchange, int status, byte[] body, boolean head) throws IOException {
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}

package io.gatewatch.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writing a whole answer in one go, the way every GateWatch endpoint answers. */
public final class Responses {
    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";

    private Responses() {}

    /** Writes {@code body} with {@code status} and {@code contentType}, completing {@code callback}; never cached. */
    public static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Status and headers only (HEAD, or an answer without a body). */
    public static void sendEmpty(Response response, Callback callback, int status, String contentType, long contentLength) {
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, contentLength);
        response.write(true, null, callback);
    }

    public static void text(Response response, Callback callback, int status, String text) {
        send(response, callback, status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code {"error": code, "message": message}}. */
    public static void jsonError(Response response, Callback callback, int status, String code, String message) {
        send(response, callback, status, JSON, ("{\"error\":\"" + jsonEscape(code) + "\",\"message\":\"" + jsonEscape(message) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A stable lower-case code for a status Jetty answers itself. */
    static String errorCode(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "bad_request";
        };
    }

    static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}

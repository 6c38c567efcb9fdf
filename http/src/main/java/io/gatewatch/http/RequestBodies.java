package io.gatewatch.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body without holding a thread while the client sends it, bounded in size and
 * time, and tells the client's faults apart: a body over the limit (413), one that did not arrive
 * in time (408), and one that is broken on the wire — a truncated body, invalid chunked encoding —
 * (400). Those are the client's problem, never the server's.
 */
public final class RequestBodies {
    private RequestBodies() {}

    /** Why a body could not be read; {@link #status()} is what to answer. */
    public static final class BodyException extends RuntimeException {
        private final int status;
        private final String code;

        BodyException(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        /** Stable reason code: {@code payload_too_large}, {@code request_timeout}, {@code malformed_body}. */
        public String code() {
            return code;
        }
    }

    /**
     * The whole body, at most {@code maxBytes}, arriving within {@code timeoutMs}; the future fails
     * with a {@link BodyException} otherwise.
     */
    public static CompletableFuture<byte[]> read(Request request, int maxBytes, long timeoutMs) {
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > maxBytes) {
            return CompletableFuture.failedFuture(tooLarge(maxBytes));
        }
        CompletableFuture<byte[]> read = Content.Source.asByteArrayAsync(request, maxBytes + 1);
        return read.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).handle((bytes, failure) -> {
            if (failure == null) {
                if (bytes.length > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                return bytes;
            }
            throw classify(unwrap(failure), maxBytes, timeoutMs, read);
        });
    }

    private static BodyException classify(Throwable failure, int maxBytes, long timeoutMs, CompletableFuture<byte[]> read) {
        if (failure instanceof BodyException body) {
            return body;
        }
        if (failure instanceof TimeoutException) {
            read.cancel(false);
            return new BodyException(408, "request_timeout", "the request body did not arrive within " + timeoutMs + " ms");
        }
        if (failure instanceof IllegalArgumentException && String.valueOf(failure.getMessage()).toLowerCase().contains("max")) {
            return tooLarge(maxBytes);
        }
        // org.eclipse.jetty.http.BadMessageException (bad chunk size, ...), EofException (truncated), ...
        return new BodyException(400, "malformed_body", "the request body is truncated or its transfer encoding is invalid");
    }

    private static BodyException tooLarge(int maxBytes) {
        return new BodyException(413, "payload_too_large", "request body exceeds " + maxBytes + " bytes");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}

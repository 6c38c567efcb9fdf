package io.gatewatch.producers.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Bytes on a socket, for what a well-behaved client library will not send: half-open requests,
 * broken chunked bodies, control characters in headers.
 */
final class RawHttp implements AutoCloseable {
    private final Socket socket = new Socket();

    RawHttp(URI base) {
        try {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(20_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RawHttp send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Half-closes: the server sees the end of the request stream where the client stopped. */
    RawHttp endOfInput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The whole answer up to the server closing the connection (or the body's end). */
    String answer() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                String text = out.toString(StandardCharsets.UTF_8);
                int headersEnd = text.indexOf("\r\n\r\n");
                int length = contentLength(text);
                if (headersEnd >= 0 && length >= 0 && out.size() >= headersEnd + 4 + length) {
                    break;
                }
            }
        } catch (IOException e) {
            // a reset after the answer: keep what arrived
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The status code of the answer, or -1 when the server closed without one. */
    int status() {
        String answer = answer();
        return answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : -1;
    }

    private static int contentLength(String text) {
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
            if (line.isEmpty()) {
                break;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}

package io.gatewatch.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Ports on 127.0.0.1 that nothing listened on a moment ago: for a server a test starts on a port it
 * must know in advance (another process may take the port between probe and bind, so callers that
 * can retry do), or for a port a client should find closed.
 */
public final class FreePorts {
    private FreePorts() {}

    public static int loopback() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

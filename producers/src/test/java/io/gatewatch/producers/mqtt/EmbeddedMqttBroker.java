package io.gatewatch.producers.mqtt;

import io.gatewatch.embedded.FreePorts;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * A real MQTT broker (Moquette) in this JVM for integration tests: in-memory sessions, loopback
 * only, no websocket, no telemetry. Sessions survive client disconnects (not broker restarts).
 */
final class EmbeddedMqttBroker implements AutoCloseable {
    private final Server server;
    private final int port;

    private EmbeddedMqttBroker(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    static EmbeddedMqttBroker start() {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = FreePorts.loopback();
            Properties props = new Properties();
            props.setProperty("host", "127.0.0.1");
            props.setProperty("port", String.valueOf(port));
            props.setProperty("websocket_port", "disabled");
            props.setProperty("persistence_enabled", "false");
            props.setProperty("allow_anonymous", "true");
            props.setProperty("telemetry_enabled", "false");
            props.setProperty("netty.epoll", "false");
            Server server = new Server();
            try {
                server.startServer(new MemoryConfig(props));
                return new EmbeddedMqttBroker(server, port);
            } catch (IOException e) {
                last = e; // port taken between probe and bind: try another
                server.stopServer();
            }
        }
        throw new UncheckedIOException("Cannot start Moquette", last);
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Drops a client's connection from the broker side, keeping its session. */
    boolean dropConnection(String clientId) {
        return server.disconnectClient(clientId);
    }

    @Override
    public void close() {
        server.stopServer();
    }
}

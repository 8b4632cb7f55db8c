package dev.kiln.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;

/** A server of the local stack, found by an environment variable or by its default port answering. */
record LocalServer(String host, int port) {

    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    /** The server whose port the variable names (or the default port), if something listens there. */
    static Optional<LocalServer> find(String portVariable, int defaultPort) {
        int port = Optional.ofNullable(System.getenv(portVariable))
                .filter(value -> !value.isBlank())
                .map(Integer::parseInt)
                .orElse(defaultPort);
        LocalServer server = new LocalServer("localhost", port);
        return server.answers() ? Optional.of(server) : Optional.empty();
    }

    boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    String address() {
        return host + ":" + port;
    }
}

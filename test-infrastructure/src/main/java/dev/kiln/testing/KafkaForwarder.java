package dev.kiln.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder between Kafka clients and the broker that can stop passing the broker's answers on: a request then
 * reaches the broker, which acts on it (a produce request is written), and its answer never reaches the client, which
 * is the ambiguous failure a client's delivery timeout reports. Kafka advertises the listener a client connected to,
 * so the broker's {@code FORWARDED} listener must advertise this forwarder's address for a client to stay on it
 * ({@link KafkaForwarderResource}).
 */
public final class KafkaForwarder implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress broker;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong droppedBytes = new AtomicLong();
    private volatile boolean dropAnswers;

    /** Listens on localhost's {@code port} and forwards every connection to {@code broker}. */
    KafkaForwarder(int port, InetSocketAddress broker) {
        this.broker = broker;
        try {
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("The Kafka forwarder cannot listen on port " + port + " (another test run"
                    + " holding it?)", e);
        }
        daemon("kafka-forwarder-accept", this::accept).start();
    }

    /** From now on the broker's answers are read and thrown away; requests still reach the broker. */
    public void dropAnswers() {
        dropAnswers = true;
    }

    /**
     * Passes answers on again. The connections open now are closed: one whose answers were dropped mid-stream would
     * hand the client the wrong answers, so its clients reconnect, as they would after a lost connection.
     */
    public void passAnswers() {
        dropAnswers = false;
        sockets.forEach(KafkaForwarder::closeQuietly);
    }

    /** Connections forwarded so far: whether a client talks through the forwarder at all. */
    public long connections() {
        return connections.get();
    }

    /** Bytes of the broker's answers thrown away so far. */
    public long droppedBytes() {
        return droppedBytes.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                try {
                    upstream.connect(broker, 5000);
                } catch (IOException e) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                    continue;
                }
                connections.incrementAndGet();
                sockets.add(client);
                sockets.add(upstream);
                daemon("kafka-forwarder-requests", () -> pump(client, upstream, false)).start();
                daemon("kafka-forwarder-answers", () -> pump(upstream, client, true)).start();
            } catch (IOException e) {
                // closed: the loop ends
            }
        }
    }

    private void pump(Socket from, Socket to, boolean answers) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read; (read = in.read(buffer)) >= 0;) {
                if (answers && dropAnswers) {
                    droppedBytes.addAndGet(read);
                } else {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // one side closed: the other goes too, below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static Thread daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.forEach(KafkaForwarder::closeQuietly);
    }
}

package dev.kiln.storage;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.ServerSocket;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The provider's file host, played by WireMock: the only host that the service under test is allowed to download
 * from (localhost and WireMock's port). Tests get the server through a field annotated {@link Inject}.
 */
public class FileHost implements QuarkusTestResourceLifecycleManager {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Inject {
    }

    /**
     * A second allowed file host, not started: nothing listens on its port, so connections are refused until a test
     * starts it (and stops it again when done). Its port, before it starts: {@code getOptions().portNumber()}.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Down {
    }

    private WireMockServer server;
    private WireMockServer down;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        int downPort = freePort();
        down = new WireMockServer(options().port(downPort));
        return Map.of("kiln.storage.fetch.allowed-hosts", "localhost:" + server.port() + ",localhost:" + downPort);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(Inject.class, WireMockServer.class));
        injector.injectIntoFields(down,
                new TestInjector.AnnotatedAndMatchesType(Down.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
        if (down != null && down.isRunning()) {
            down.stop();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

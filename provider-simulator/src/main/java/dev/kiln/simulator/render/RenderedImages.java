package dev.kiln.simulator.render;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.kiln.simulator.SimulatorConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Renders on a small pool of its own (never on an event loop) and keeps the PNG bytes per prediction in a cache
 * bounded by size, so that memory stays flat however many predictions a run produces.
 */
@ApplicationScoped
public class RenderedImages {

    private final ExecutorService renderers;
    private final Cache<String, byte[]> cache;
    private final int size;

    public RenderedImages(SimulatorConfig config) {
        // A server has no display; say so before Java2D first looks, whatever the launch flags.
        System.setProperty("java.awt.headless", "true");
        SimulatorConfig.Render render = config.render();
        this.size = render.size();
        AtomicInteger count = new AtomicInteger();
        this.renderers = Executors.newFixedThreadPool(
                render.threads().orElse(Runtime.getRuntime().availableProcessors()),
                task -> {
                    Thread thread = new Thread(task, "jersey-renderer-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.cache = Caffeine.newBuilder()
                .maximumWeight(render.cacheMegabytes() * 1024L * 1024L)
                .weigher((String id, byte[] png) -> png.length)
                .build();
    }

    /** Loads fonts and Java2D ahead of the first prediction, whose render would otherwise take several times longer. */
    void warmUp(@Observes StartupEvent started) {
        renderers.execute(() -> JerseyRenderer.render(JerseyDesign.from(null), 64));
    }

    /** The image of a prediction: from the cache, or drawn (again) off the caller's thread. */
    public CompletableFuture<byte[]> png(String predictionId, JerseyDesign design) {
        byte[] cached = cache.getIfPresent(predictionId);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return CompletableFuture.supplyAsync(() -> {
            byte[] png = JerseyRenderer.renderPng(design, size);
            cache.put(predictionId, png);
            return png;
        }, renderers);
    }

    public void forget(String predictionId) {
        cache.invalidate(predictionId);
    }

    @PreDestroy
    void stop() {
        renderers.shutdownNow();
    }
}

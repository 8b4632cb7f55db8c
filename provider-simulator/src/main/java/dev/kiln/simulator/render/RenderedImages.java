package dev.kiln.simulator.render;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.kiln.simulator.SimulatorConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Renders on a small pool of its own (never on an event loop) and keeps the PNG bytes in a cache bounded by size.
 * The renderer is pure, so the cache is keyed by the design: predictions with the same input share one image, and
 * one render, even while it is in flight; an evicted image is simply drawn again.
 */
@ApplicationScoped
public class RenderedImages {

    private final ExecutorService renderers;
    private final AsyncCache<JerseyDesign, byte[]> cache;
    private final int size;

    public RenderedImages(SimulatorConfig config) {
        // A server has no display; say so before Java2D first looks, whatever the launch flags.
        System.setProperty("java.awt.headless", "true");
        SimulatorConfig.Render render = config.render();
        this.size = render.size();
        AtomicInteger count = new AtomicInteger();
        // Half the processors by default: rendering is CPU-bound, and the event loops must keep answering.
        this.renderers = Executors.newFixedThreadPool(
                render.threads().orElse(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)),
                task -> {
                    Thread thread = new Thread(task, "jersey-renderer-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.cache = Caffeine.newBuilder()
                .maximumWeight(render.cacheMegabytes() * 1024L * 1024L)
                .weigher((JerseyDesign design, byte[] png) -> png.length)
                .executor(renderers)
                .buildAsync();
    }

    /** Loads fonts and Java2D ahead of the first prediction, whose render would otherwise take several times longer. */
    void warmUp(@Observes StartupEvent started) {
        renderers.execute(() -> JerseyRenderer.render(JerseyDesign.from(null), 64));
    }

    /** The image of a design: from the cache, or drawn (again) off the caller's thread. */
    public CompletableFuture<byte[]> png(JerseyDesign design) {
        return cache.get(design, (key, executor) ->
                CompletableFuture.supplyAsync(() -> JerseyRenderer.renderPng(key, size), executor));
    }

    @PreDestroy
    void stop() {
        renderers.shutdownNow();
    }
}

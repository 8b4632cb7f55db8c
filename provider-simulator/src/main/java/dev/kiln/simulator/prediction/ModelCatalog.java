package dev.kiln.simulator.prediction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.kiln.simulator.SimulatorConfig;

/** The configured models, found by "owner/name" or by version id. */
@ApplicationScoped
public class ModelCatalog {

    private final Map<String, Model> byName = new LinkedHashMap<>();
    private final Map<String, Model> byVersion = new LinkedHashMap<>();

    public ModelCatalog(SimulatorConfig config) {
        config.models().forEach((name, model) -> {
            Model m = new Model(name, model.version().orElseGet(() -> sha256Hex(name)), model.estimatedSeconds());
            byName.put(name, m);
            byVersion.put(m.version(), m);
        });
    }

    public Optional<Model> findByName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * A model by the "version" of a create: a version id, "owner/name", or "owner/name:version id", as
     * Replicate accepts.
     */
    public Optional<Model> findByVersion(String version) {
        int colon = version.indexOf(':');
        if (colon >= 0) {
            return findByName(version.substring(0, colon))
                    .filter(model -> model.version().equals(version.substring(colon + 1)));
        }
        if (version.contains("/")) {
            return findByName(version);
        }
        return Optional.ofNullable(byVersion.get(version));
    }

    public Iterable<Model> all() {
        return byName.values();
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}

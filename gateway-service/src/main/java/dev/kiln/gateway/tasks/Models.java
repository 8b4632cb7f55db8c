package dev.kiln.gateway.tasks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Kiln's models as Replicate's clients name them: one per task and mode, {@code kiln/{task}-{mode}}
 * ({@code kiln/jersey-speed}), each with one version id, the SHA-256 hex of that name (as the provider simulator
 * makes its own). A version names what a client runs, so it never changes: which provider model runs it
 * ({@link TaskCatalog.Mode#model()}) is Kiln's affair and may change under the same version.
 */
@ApplicationScoped
public class Models {

    /** The owner of every model Kiln runs, the {@code kiln} of {@code kiln/jersey-speed}. */
    public static final String OWNER = "kiln";

    private static final Map<String, String> VERSIONS = new ConcurrentHashMap<>();

    /** A model: {@code owner/name}, its version id, and the task and mode it runs. */
    public record Model(String fullName, String version, String task, String mode) {

        /** The name after the owner, {@code jersey-speed}. */
        public String name() {
            return fullName.substring(OWNER.length() + 1);
        }
    }

    private final Map<String, Model> byName = new LinkedHashMap<>();
    private final Map<String, Model> byVersion = new LinkedHashMap<>();

    Models(TaskCatalog catalog) {
        catalog.tasks().forEach((task, definition) -> definition.modes().keySet().forEach(mode -> {
            Model model = new Model(name(task, mode), version(task, mode), task, mode);
            byName.put(model.fullName(), model);
            byVersion.put(model.version(), model);
        }));
    }

    /** {@code kiln/{task}-{mode}}. */
    public static String name(String task, String mode) {
        return OWNER + "/" + task + "-" + mode;
    }

    /** The version id of a task's mode: the SHA-256 hex of its model's name. */
    public static String version(String task, String mode) {
        return VERSIONS.computeIfAbsent(name(task, mode), Models::sha256Hex);
    }

    public List<Model> all() {
        return List.copyOf(byName.values());
    }

    /** The model of the route {@code /v1/models/{owner}/{name}}. */
    public Optional<Model> named(String owner, String name) {
        return Optional.ofNullable(byName.get(owner + "/" + name));
    }

    /**
     * The model a create's {@code version} names, in each of the forms Replicate takes: a version id,
     * {@code owner/name}, or {@code owner/name:version id} (whose version must be that model's).
     */
    public Optional<Model> byVersion(String version) {
        int colon = version.indexOf(':');
        if (colon >= 0) {
            return Optional.ofNullable(byName.get(version.substring(0, colon)))
                    .filter(model -> model.version().equals(version.substring(colon + 1)));
        }
        return Optional.ofNullable(version.contains("/") ? byName.get(version) : byVersion.get(version));
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}

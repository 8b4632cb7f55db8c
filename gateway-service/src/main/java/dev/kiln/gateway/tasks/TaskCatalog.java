package dev.kiln.gateway.tasks;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The tasks Kiln runs, their modes, what each costs and how long it takes: all configuration. */
@ConfigMapping(prefix = "kiln")
public interface TaskCatalog {

    Map<String, Task> tasks();

    default Optional<Mode> mode(String task, String mode) {
        return Optional.ofNullable(tasks().get(task)).map(Task::modes).map(modes -> modes.get(mode));
    }

    interface Task {
        String description();

        Map<String, Mode> modes();
    }

    interface Mode {
        /** Credits reserved on submit and charged on success. */
        int cost();

        int estimatedSeconds();

        /** The provider's model: {@code owner/name}, or {@code owner/name:version} to pin a version. */
        String model();
    }
}

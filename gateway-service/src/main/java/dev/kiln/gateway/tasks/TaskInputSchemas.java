package dev.kiln.gateway.tasks;

import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The input schema of every task of the catalog, read at start from {@code tasks/<task>-input.schema.json}: GET
 * /v1/tasks publishes it, and a submission's input is checked against it. A task without its schema stops the start.
 */
@ApplicationScoped
public class TaskInputSchemas {

    private final Map<String, InputSchema> byTask;

    TaskInputSchemas(TaskCatalog catalog) {
        this.byTask = catalog.tasks().keySet().stream()
                .collect(Collectors.toUnmodifiableMap(task -> task,
                        task -> InputSchema.load("tasks/" + task + "-input.schema.json")));
    }

    /** The schema of a task of the catalog. */
    public InputSchema of(String task) {
        InputSchema schema = byTask.get(task);
        if (schema == null) {
            throw new IllegalArgumentException("The catalog has no task " + task);
        }
        return schema;
    }
}

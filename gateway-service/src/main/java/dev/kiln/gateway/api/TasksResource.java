package dev.kiln.gateway.api;

import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kiln.gateway.tasks.Models;
import dev.kiln.gateway.tasks.TaskCatalog;
import dev.kiln.gateway.tasks.TaskInputSchemas;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The task catalog: what can be submitted, in which modes, for how many credits and how long. */
@Path("/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TasksResource {

    /**
     * A mode, with the model and version id by which Replicate's clients run it ({@code kiln/jersey-speed}; see
     * tasks.Models).
     */
    public record Mode(String name, int cost, int estimatedSeconds, String model, String version) {
    }

    public record Task(String name, String description, List<Mode> modes, JsonNode inputSchema) {
    }

    public record Catalog(List<Task> tasks) {
    }

    private final Catalog catalog;

    TasksResource(TaskCatalog config, TaskInputSchemas inputSchemas) {
        this.catalog = new Catalog(config.tasks().entrySet().stream()
                .map(task -> new Task(task.getKey(), task.getValue().description(),
                        task.getValue().modes().entrySet().stream()
                                .map(mode -> new Mode(mode.getKey(), mode.getValue().cost(),
                                        mode.getValue().estimatedSeconds(), Models.name(task.getKey(), mode.getKey()),
                                        Models.version(task.getKey(), mode.getKey())))
                                .sorted(Comparator.comparingInt(Mode::estimatedSeconds))
                                .toList(),
                        inputSchemas.of(task.getKey()).published()))
                .toList());
    }

    @GET
    public Catalog list() {
        return catalog;
    }
}

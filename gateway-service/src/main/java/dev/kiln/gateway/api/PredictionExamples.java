package dev.kiln.gateway.api;

/** The examples of the OpenAPI document (/q/openapi): a prediction object, and a live status stream. */
final class PredictionExamples {

    static final String STARTING = """
            {"id":"7q3xk2m4d4hwbz6f5n3c5rjtaa","model":"kiln/jersey-speed",
             "version":"04a344998a6c13530fda6dfaa526a641ca64d2187d53313712743f834090501d",
             "task":"jersey","mode":"speed","status":"starting",
             "input":{"prompt":"A bold home kit","team_name":"Kiln FC","number":"10"},"output":null,"error":null,
             "error_code":null,"logs":null,"progress":null,"metrics":null,"estimated_seconds":5,
             "queue_position":0,"eta":"2026-12-03T10:00:06.2Z",
             "created_at":"2026-12-03T10:00:00Z","started_at":null,"completed_at":null,
             "deadline":"2026-12-03T10:30:00Z","data_removed":false,"source":"api",
             "urls":{"get":"http://localhost:8080/v1/predictions/7q3xk2m4d4hwbz6f5n3c5rjtaa",
                     "cancel":"http://localhost:8080/v1/predictions/7q3xk2m4d4hwbz6f5n3c5rjtaa/cancel",
                     "stream":"http://localhost:8080/v1/predictions/7q3xk2m4d4hwbz6f5n3c5rjtaa/events"}}""";

    static final String SUCCEEDED = """
            {"id":"7q3xk2m4d4hwbz6f5n3c5rjtaa","model":"kiln/jersey-speed",
             "version":"04a344998a6c13530fda6dfaa526a641ca64d2187d53313712743f834090501d",
             "task":"jersey","mode":"speed","status":"succeeded",
             "input":{"prompt":"A bold home kit","team_name":"Kiln FC","number":"10"},
             "output":["http://localhost:9000/kiln-outputs/predictions/7q3xk2m4d4hwbz6f5n3c5rjtaa/0.png"],
             "error":null,"error_code":null,"logs":"Rendering jersey\\n","progress":null,
             "metrics":{"predict_time":4.8,"total_time":5.1},
             "estimated_seconds":5,"queue_position":null,"eta":null,"created_at":"2026-12-03T10:00:00Z",
             "started_at":"2026-12-03T10:00:00.3Z",
             "completed_at":"2026-12-03T10:00:05.1Z","deadline":"2026-12-03T10:30:00Z","data_removed":false,
             "source":"api",
             "urls":{"get":"http://localhost:8080/v1/predictions/7q3xk2m4d4hwbz6f5n3c5rjtaa",
                     "cancel":"http://localhost:8080/v1/predictions/7q3xk2m4d4hwbz6f5n3c5rjtaa/cancel",
                     "stream":"http://localhost:8080/v1/predictions/7q3xk2m4d4hwbz6f5n3c5rjtaa/events"}}""";

    static final String FAILED = """
            {"id":"7q3xk2m4d4hwbz6f5n3c5rjtaa","model":"kiln/jersey-scene",
             "version":"bee039edf413e2cdcb1e674828e44ee80e611dd5e40c5aafeb7e2d2dcf561125",
             "task":"jersey","mode":"scene","status":"failed",
             "input":{"prompt":"A bold home kit"},"output":null,
             "error":"This prediction costs 4 credits and 1 are available.","error_code":"insufficient_credits",
             "logs":null,"progress":null,"metrics":{"total_time":0.2},"estimated_seconds":15,
             "queue_position":null,"eta":null,
             "created_at":"2026-12-03T10:00:00Z","started_at":null,"completed_at":"2026-12-03T10:00:00.2Z",
             "deadline":"2026-12-03T10:30:00Z","data_removed":false,"source":"api",
             "urls":{"get":"http://localhost:8080/v1/predictions/7q3xk2m4d4hwbz6f5n3c5rjtaa",
                     "cancel":"http://localhost:8080/v1/predictions/7q3xk2m4d4hwbz6f5n3c5rjtaa/cancel",
                     "stream":"http://localhost:8080/v1/predictions/7q3xk2m4d4hwbz6f5n3c5rjtaa/events"}}""";

    static final String STREAM = """
            id: 1764756000123-0
            event: status
            data: {"id":"7q3xk2m4d4hwbz6f5n3c5rjtaa","status":"starting","queue_position":0,"eta":"2026-12-03T10:00:06.2Z",…}

            id: 1764756000456-0
            event: status
            data: {"id":"7q3xk2m4d4hwbz6f5n3c5rjtaa","status":"processing",…}

            : keep-alive

            id: 1764756005101-0
            event: done
            data: {"id":"7q3xk2m4d4hwbz6f5n3c5rjtaa","status":"succeeded","output":["http://localhost:9000/…/0.png"],…}

            """;

    private PredictionExamples() {
    }
}

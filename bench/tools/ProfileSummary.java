import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a Flight Recorder profile of a service says, in a few lines that fit a note: of the execution samples of the
 * threads named like a filter (the event loops by default), the share in which each part of the stack appears at
 * least once (inclusive, so shares overlap), and the methods most often on top (self). The parts are the libraries a
 * request crosses, found by package; what matches none is "other". Run by hand on bench/run.sh's dumps:
 *
 * <pre>java bench/tools/ProfileSummary.java bench/target/run/gateway-service-123.jfr [THREAD_SUBSTRING] [TOP]</pre>
 */
public class ProfileSummary {

    /** Package prefixes by the part of the stack they stand for, first match wins. */
    private static final Map<String, List<String>> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("Kiln", List.of("dev.kiln."));
        PARTS.put("context propagation", List.of("io.smallrye.context.", "io.smallrye.mutiny.context.",
                "io.quarkus.arc.runtime.context."));
        PARTS.put("security / OIDC", List.of("io.quarkus.security.", "io.quarkus.oidc.",
                "io.quarkus.vertx.http.runtime.security."));
        PARTS.put("OpenTelemetry", List.of("io.opentelemetry.", "io.quarkus.opentelemetry."));
        PARTS.put("RESTEasy Reactive", List.of("org.jboss.resteasy.reactive.", "io.quarkus.resteasy.reactive."));
        PARTS.put("Jackson", List.of("com.fasterxml.jackson."));
        PARTS.put("JSON schema", List.of("com.networknt."));
        PARTS.put("Redis client", List.of("io.vertx.redis.", "io.quarkus.redis."));
        PARTS.put("Kafka", List.of("org.apache.kafka.", "io.smallrye.reactive.messaging."));
        PARTS.put("Micrometer", List.of("io.micrometer.", "io.quarkus.micrometer."));
        PARTS.put("Mutiny", List.of("io.smallrye.mutiny."));
        PARTS.put("Netty / Vert.x", List.of("io.netty.", "io.vertx."));
        PARTS.put("logging", List.of("org.jboss.logmanager.", "org.jboss.logging."));
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        String threads = args.length > 1 ? args[1] : "vert.x-eventloop";
        int top = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        int samples = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                var thread = event.getThread("sampledThread");
                RecordedStackTrace stack = event.getStackTrace();
                if (thread == null || stack == null || thread.getJavaName() == null
                        || !thread.getJavaName().contains(threads)) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = stack.getFrames();
                if (!frames.isEmpty()) {
                    self.merge(method(frames.get(0)), 1, Integer::sum);
                }
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    seen.add(part(frame.getMethod().getType().getName()));
                }
                seen.forEach(part -> inclusive.merge(part, 1, Integer::sum));
            }
        }
        System.out.printf("%s: %d samples of threads named like '%s'%n", file.getFileName(), samples, threads);
        if (samples == 0) {
            return;
        }
        System.out.println("in the stack (inclusive):");
        print(inclusive, samples, inclusive.size());
        System.out.println("on top (self):");
        print(self, samples, top);
    }

    private static String part(String type) {
        for (var entry : PARTS.entrySet()) {
            for (String prefix : entry.getValue()) {
                if (type.startsWith(prefix)) {
                    return entry.getKey();
                }
            }
        }
        return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.") ? "JDK" : "other";
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void print(Map<String, Integer> counts, int samples, int limit) {
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        sorted.stream().limit(limit).forEach(entry -> System.out.printf("  %5.1f%%  %s%n",
                100.0 * entry.getValue() / samples, entry.getKey()));
    }
}

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;

import javax.imageio.ImageIO;

/**
 * Turns a bench run (results.csv, meta.properties, written by bench/run.sh) into results.json beside them, the plot
 * docs/benchmarks/bench.png, and the results section of docs/benchmarks/README.md (between its bench:begin and
 * bench:end markers). Every Kiln figure stands beside the floor's of the same run and connections, as a ratio.
 *
 * <pre>java Report.java RESULTS_DIR DOCS_DIR</pre>
 */
public class Report {

    /**
     * A Kiln measurement, the floor measurement it is compared with, the peer's of the same path (null where the peer
     * has none), and the target for the ratio and p99.
     */
    record Comparison(String what, String kiln, String floor, String peer, double minRatio, double maxP99Ms) {
    }

    static final List<Comparison> COMPARISONS = List.of(
            new Comparison("submit, anonymous", "submit-anonymous", "floor-post", "peer-post", 0.7, 15),
            new Comparison("submit, with a token", "submit-token", "floor-post", "peer-post", 0.7, 15),
            new Comparison("status GET", "status-get", "floor-get", "peer-get", 0.8, 8),
            new Comparison("webhook ingestion", "webhooks", "floor-post-ingest", null, 0.6, Double.NaN));
    static final List<String> SERVICES = List.of("gateway-service", "webhook-service", "storage-service",
            "credits-service", "provider-simulator", "floor", "peer");
    static final double MAX_RSS_MB = 250, MAX_READY_S = 2, MAX_PIPELINE_P99_MS = 150, MIN_IN_FLIGHT_RATIO = 0.9;

    /** metric -> subject -> connections ("" for none) -> value */
    final Map<String, Map<String, Map<String, Double>>> results = new LinkedHashMap<>();
    final Properties meta = new Properties();
    final TreeSet<Integer> connections = new TreeSet<>();

    public static void main(String[] args) throws IOException {
        Path resultsDir = Path.of(args[0]);
        Path docs = Path.of(args[1]);
        Report report = new Report(resultsDir);
        Files.writeString(resultsDir.resolve("results.json"), report.json());
        ImageIO.write(report.plot(), "png", docs.resolve("bench.png").toFile());
        Path readme = docs.resolve("README.md");
        String page = Files.readString(readme);
        int begin = page.indexOf("<!-- bench:begin -->");
        int end = page.indexOf("<!-- bench:end -->");
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(readme + " has no <!-- bench:begin --> ... <!-- bench:end --> section");
        }
        Files.writeString(readme, page.substring(0, begin) + "<!-- bench:begin -->\n" + report.markdown() + page.substring(end));
    }

    Report(Path resultsDir) throws IOException {
        try (Reader in = Files.newBufferedReader(resultsDir.resolve("meta.properties"))) {
            meta.load(in);
        }
        List<String> lines = Files.readAllLines(resultsDir.resolve("results.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            // A service started in two phases: its first ready time (started alone, before the pipeline's), its peak RSS.
            results.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).computeIfAbsent(f[1], k -> new LinkedHashMap<>())
                    .merge(f[2], Double.parseDouble(f[3]), f[0].equals("peak_rss_mb") ? Math::max : (first, later) -> first);
            if (f[0].equals("rps")) {
                connections.add(Integer.parseInt(f[2]));
            }
        }
    }

    double value(String metric, String subject, Object connections) {
        return results.getOrDefault(metric, Map.of()).getOrDefault(subject, Map.of())
                .getOrDefault(String.valueOf(connections), Double.NaN);
    }

    // --- the page --------------------------------------------------------------------------------------------------

    String markdown() {
        var md = new StringBuilder();
        md.append("## Results (").append(meta.getProperty("date")).append(", commit ").append(meta.getProperty("commit"))
                .append(")\n\n");
        md.append("Machine: ").append(meta.getProperty("cpu")).append(", ").append(meta.getProperty("cores"))
                .append(" cores, ").append(meta.getProperty("memory_gb")).append(" GB; load average ")
                .append(meta.getProperty("load_before")).append(" before the run, ").append(meta.getProperty("load_after", "?"))
                .append(" after. Java ").append(meta.getProperty("java")).append(", the services' flags `")
                .append(meta.getProperty("java_opts")).append("`, MALLOC_ARENA_MAX=").append(meta.getProperty("malloc_arena_max"))
                .append(". ").append(meta.getProperty("wrk")).append(", 2 threads, ").append(meta.getProperty("duration_s"))
                .append(" s per measurement after ").append(meta.getProperty("warmup_s")).append(" s of warm-up.\n\n");
        md.append("| what | connections | Kiln | floor | peer | Kiln ÷ floor | target | 5xx |\n|---|---|---|---|---|---|---|---|\n");
        for (Comparison c : COMPARISONS) {
            for (int n : connections) {
                double kiln = value("rps", c.kiln(), n), floor = value("rps", c.floor(), n);
                if (Double.isNaN(kiln)) {
                    continue;
                }
                double p99 = value("p99_ms", c.kiln(), n), ratio = kiln / floor;
                boolean met = ratio >= c.minRatio() && (Double.isNaN(c.maxP99Ms()) || p99 <= c.maxP99Ms());
                String peer = c.peer() == null || Double.isNaN(value("rps", c.peer(), n)) ? "" : rate(c.peer(), n);
                md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | **%.2f** | ≥ %.1f%s: %s | %s |%n", c.what(), n,
                        rate(c.kiln(), n), rate(c.floor(), n), peer, ratio, c.minRatio(),
                        Double.isNaN(c.maxP99Ms()) ? "" : String.format(Locale.ROOT, ", p99 ≤ %.0f ms", c.maxP99Ms()),
                        met ? "met" : "missed", count(value("errors_5xx", c.kiln(), n))));
            }
        }
        if (connections.stream().anyMatch(n -> !Double.isNaN(value("rps", "status-get-in-flight", n)))) {
            md.append(String.format(Locale.ROOT, "%nStatus GET with %s predictions in flight (seeded straight into Redis and "
                    + "kiln_gateway, each GET a random one of them) beside the same GET on the empty system:%n%n",
                    meta.getProperty("in_flight", "?")));
            md.append("| connections | in flight | empty | ratio | target |\n|---|---|---|---|---|\n");
            for (int n : connections) {
                double full = value("rps", "status-get-in-flight", n), empty = value("rps", "status-get", n);
                if (!Double.isNaN(full)) {
                    md.append(String.format(Locale.ROOT, "| %d | %s | %s | **%.2f** | ≥ %.1f: %s |%n", n,
                            rate("status-get-in-flight", n), rate("status-get", n), full / empty, MIN_IN_FLIGHT_RATIO,
                            full / empty >= MIN_IN_FLIGHT_RATIO ? "met" : "missed"));
                }
            }
        }
        md.append("\nThe floor is bench/'s bare Quarkus app on the same JVM flags: POST `/floor` = one Redis `SET EX` and one "
                + "Kafka send acknowledged with acks=all (the gateway's prediction.requested producer settings), GET "
                + "`/floor/{id}` = one Redis `GET`. The floor's POST beside the webhooks is measured again in that phase. "
                + "The peer is bench/peer: a Fastify + BullMQ gateway on node and the same Redis (POST validates the body "
                + "with a JSON schema and adds a BullMQ job; GET reads the job and its state), measured beside them; it "
                + "does less than Kiln (no identity, limits, idempotency, event or durable record), and no worker takes its jobs.\n\n");
        md.append("| service | ready | peak RSS | RSS / CPU under load | target |\n|---|---|---|---|---|\n");
        for (String service : SERVICES) {
            double ready = value("ready_s", service, ""), peak = value("peak_rss_mb", service, "");
            if (Double.isNaN(ready) && Double.isNaN(peak)) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", service,
                    Double.isNaN(ready) ? "" : String.format(Locale.ROOT, "%.1f s", ready),
                    Double.isNaN(peak) ? "" : String.format(Locale.ROOT, "%.0f MB", peak), underLoad(service),
                    service.equals("floor") || service.equals("peer") ? "" : String.format(Locale.ROOT, "ready ≤ %.0f s: %s; ≤ %.0f MB: %s", MAX_READY_S,
                            Double.isNaN(ready) ? "?" : ready <= MAX_READY_S ? "met" : "missed", MAX_RSS_MB,
                            Double.isNaN(peak) ? "?" : peak <= MAX_RSS_MB ? "met" : "missed")));
        }
        md.append("\nA ready time is from the start of the JVM to its first `200` from `/q/health/ready`, each service started "
                + "alone. Peak RSS is the process's VmHWM when it was stopped; CPU is its user + system time over a "
                + "measurement's wall time (100% = one core).\n\n");
        md.append(pipeline());
        md.append("![throughput and p99 against connections, Kiln beside the floor](bench.png)\n\n");
        md.append("Raw results: `bench/results/results.csv` (metric, subject, connections, value), `results.json`, `meta.properties`.\n\n");
        return md.toString();
    }

    /**
     * The pipeline's runs (one prediction at a time: the overhead alone; then 100 at once) and where their time went:
     * each step's first record as the time since the prediction's prediction.requested.
     */
    String pipeline() {
        List<Integer> runs = new ArrayList<>();
        for (int inFlight : new int[] {1, 100}) {
            if (!Double.isNaN(value("pipeline_p99_ms", "pipeline", inFlight))) {
                runs.add(inFlight);
            }
        }
        if (runs.isEmpty()) {
            return "";
        }
        var md = new StringBuilder("Pipeline, submit → `succeeded` with the stored image, the simulator's run time × 0.0001 "
                + "(under 1 ms), each client waiting with `Prefer: wait` (the overhead target is on the p99):\n\n"
                + "| in flight | predictions | failed | p50 | p99 | max | predictions/s | target |\n|---|---|---|---|---|---|---|---|\n");
        for (int inFlight : runs) {
            double p99 = value("pipeline_p99_ms", "pipeline", inFlight);
            md.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.0f ms | %.0f ms | %.0f ms | %.1f | p99 ≤ %.0f ms: %s |%n",
                    inFlight, value("pipeline_predictions", "pipeline", inFlight), value("pipeline_failed", "pipeline", inFlight),
                    value("pipeline_p50_ms", "pipeline", inFlight), p99, value("pipeline_max_ms", "pipeline", inFlight),
                    value("pipeline_per_second", "pipeline", inFlight), MAX_PIPELINE_P99_MS,
                    p99 <= MAX_PIPELINE_P99_MS ? "met" : "missed"));
        }
        md.append("\nWhere a prediction's time went: each step's first record on the phase's topics, ms since its "
                + "prediction.requested, p50 / p99 (`bench/tools/PipelineStages.java`):\n\n| step |");
        runs.forEach(inFlight -> md.append(" ").append(inFlight).append(" in flight |"));
        md.append("\n|---|").append("---|".repeat(runs.size())).append("\n");
        for (String step : List.of("credits.reserved", "prediction.dispatched", "prediction.progressed",
                "prediction.completed", "prediction.stored", "credits.confirmed")) {
            md.append("| ").append(step).append(" |");
            for (int inFlight : runs) {
                md.append(String.format(Locale.ROOT, " %s / %s |", count(value("stage_p50_ms", "pipeline:" + step, inFlight)),
                        count(value("stage_p99_ms", "pipeline:" + step, inFlight))));
            }
            md.append("\n");
        }
        return md.append("\n").toString();
    }

    String underLoad(String service) {
        List<String> parts = new ArrayList<>();
        String measured = switch (service) {
            case "gateway-service" -> "submit-anonymous";
            case "webhook-service" -> "webhooks";
            case "floor" -> "floor-post";
            case "peer" -> "peer-post";
            default -> null;
        };
        int most = connections.isEmpty() ? 0 : connections.last();
        if (measured != null && !Double.isNaN(value("rss_mb", measured, most))) {
            parts.add(String.format(Locale.ROOT, "%.0f MB / %.0f%% (%s, %d conn.)", value("rss_mb", measured, most),
                    value("cpu_percent", measured, most), measured, most));
        }
        if (!Double.isNaN(value("rss_mb", "pipeline:" + service, 100))) {
            parts.add(String.format(Locale.ROOT, "%.0f MB / %.0f%% (pipeline)", value("rss_mb", "pipeline:" + service, 100),
                    value("cpu_percent", "pipeline:" + service, 100)));
        }
        return String.join("; ", parts);
    }

    String rate(String subject, int n) {
        return String.format(Locale.ROOT, "%,.0f/s, p99 %.1f ms", value("rps", subject, n), value("p99_ms", subject, n));
    }

    static String count(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.0f", v);
    }

    String json() {
        var out = new StringBuilder("{\n  \"meta\": {");
        String sep = "\n";
        for (String key : new TreeSet<>(meta.stringPropertyNames())) {
            out.append(sep).append("    \"").append(key).append("\": \"").append(meta.getProperty(key).replace("\"", "\\\"")).append('"');
            sep = ",\n";
        }
        out.append("\n  },\n  \"results\": [");
        sep = "\n";
        for (var metric : results.entrySet()) {
            for (var subject : metric.getValue().entrySet()) {
                for (var point : subject.getValue().entrySet()) {
                    out.append(sep).append(String.format(Locale.ROOT,
                            "    {\"metric\": \"%s\", \"subject\": \"%s\", \"connections\": %s, \"value\": %s}", metric.getKey(),
                            subject.getKey(), point.getKey().isEmpty() ? "null" : point.getKey(),
                            Double.isNaN(point.getValue()) ? "null" : point.getValue()));
                    sep = ",\n";
                }
            }
        }
        return out.append("\n  ]\n}\n").toString();
    }

    // --- the plot ---------------------------------------------------------------------------------------------------

    record Series(String subject, String label, Color color, boolean dashed) {
    }

    static final List<Series> SERIES = List.of(
            new Series("floor-post", "floor POST", new Color(0x55, 0x55, 0x55), false),
            new Series("submit-anonymous", "submit, anonymous", new Color(0x1f, 0x5f, 0xbf), false),
            new Series("submit-token", "submit, token", new Color(0x1f, 0x5f, 0xbf), true),
            new Series("floor-post-ingest", "floor POST (ingest phase)", new Color(0x55, 0x55, 0x55), true),
            new Series("webhooks", "webhook ingestion", new Color(0x2c, 0xa0, 0x2c), false),
            new Series("peer-post", "peer POST (Fastify + BullMQ)", new Color(0x9b, 0x30, 0xb0), false),
            new Series("floor-get", "floor GET", new Color(0xaa, 0xaa, 0xaa), false),
            new Series("peer-get", "peer GET", new Color(0x9b, 0x30, 0xb0), true),
            new Series("status-get", "status GET", new Color(0xe0, 0x7b, 0x00), false),
            new Series("status-get-in-flight", "status GET, seeded in flight", new Color(0xe0, 0x7b, 0x00), true));

    BufferedImage plot() {
        int width = 1400, height = 620;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        g.drawString("Kiln beside its floor: " + meta.getProperty("date") + ", commit " + meta.getProperty("commit") + ", "
                + meta.getProperty("cores") + " cores, load average " + meta.getProperty("load_before"), 30, 30);
        panel(g, 30, 60, 640, 440, "throughput (requests/s)", "rps");
        panel(g, 730, 60, 640, 440, "p99 latency (ms)", "p99_ms");
        legend(g, 30, 560);
        g.dispose();
        return image;
    }

    void panel(Graphics2D g, int x, int y, int w, int h, String title, String metric) {
        int left = x + 70, top = y + 30, right = x + w - 10, bottom = y + h - 40;
        double max = 0;
        for (Series s : SERIES) {
            for (int n : connections) {
                double v = value(metric, s.subject(), n);
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        double top_ = niceCeiling(max);
        DoubleUnaryOperator toY = v -> bottom - v / top_ * (bottom - top);
        List<Integer> xs = new ArrayList<>(connections);
        java.util.function.IntUnaryOperator toX = i -> xs.size() == 1 ? (left + right) / 2
                : left + 30 + i * (right - left - 60) / (xs.size() - 1);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.BLACK);
        g.drawString(title, left, y + 15);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {
            double v = top_ * i / 5;
            int ty = (int) toY.applyAsDouble(v);
            g.setColor(new Color(0xe6, 0xe6, 0xe6));
            g.drawLine(left, ty, right, ty);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%.1f", v);
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), ty + 4);
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        for (int i = 0; i < xs.size(); i++) {
            String label = xs.get(i).toString();
            g.drawString(label, toX.applyAsInt(i) - g.getFontMetrics().stringWidth(label) / 2, bottom + 18);
        }
        g.drawString("connections", (left + right) / 2 - 30, bottom + 36);
        for (Series s : SERIES) {
            g.setColor(s.color());
            g.setStroke(s.dashed() ? new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, new float[] {9, 6}, 0)
                    : new BasicStroke(2.5f));
            int px = -1, py = -1;
            for (int i = 0; i < xs.size(); i++) {
                double v = value(metric, s.subject(), xs.get(i));
                if (Double.isNaN(v)) {
                    continue;
                }
                int cx = toX.applyAsInt(i), cy = (int) toY.applyAsDouble(v);
                if (px >= 0) {
                    g.drawLine(px, py, cx, cy);
                }
                g.fillOval(cx - 4, cy - 4, 8, 8);
                px = cx;
                py = cy;
            }
        }
        g.setStroke(new BasicStroke(1));
    }

    void legend(Graphics2D g, int x, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int cx = x;
        for (Series s : SERIES) {
            g.setColor(s.color());
            g.setStroke(s.dashed() ? new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, new float[] {9, 6}, 0)
                    : new BasicStroke(2.5f));
            g.drawLine(cx, y, cx + 30, y);
            g.setColor(Color.BLACK);
            g.drawString(s.label(), cx + 36, y + 5);
            cx += 36 + g.getFontMetrics().stringWidth(s.label()) + 28;
        }
        g.setStroke(new BasicStroke(1));
    }

    static double niceCeiling(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (v <= step * magnitude) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}

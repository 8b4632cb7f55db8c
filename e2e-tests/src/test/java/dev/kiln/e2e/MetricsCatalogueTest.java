package dev.kiln.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every metric of docs/metrics.md's catalogue is at /q/metrics of each service the catalogue names, with the samples
 * of its type (a histogram's buckets): the catalogue says nothing the running services do not serve.
 */
class MetricsCatalogueTest {

    private static final Map<String, Integer> PORTS = Map.of("gateway-service", 8080, "webhook-service", 8081,
            "credits-service", 8082, "storage-service", 8083);

    /** One row of the catalogue, for one of the services it names. */
    record Catalogued(String metric, String type, String service) {
        @Override
        public String toString() {
            return metric + " at " + service;
        }
    }

    static Stream<Catalogued> catalogue() throws IOException {
        List<Catalogued> rows = new ArrayList<>();
        for (String line : Files.readAllLines(metricsDoc())) {
            String[] cells = line.split("\\|");
            if (cells.length < 6 || !cells[1].strip().startsWith("`")) {
                continue;
            }
            String metric = cells[1].strip().replace("`", "");
            String type = cells[2].strip().split(" ")[0];
            Arrays.stream(cells[4].split(",")).map(String::strip)
                    .forEach(service -> rows.add(new Catalogued(metric, type, service)));
        }
        assertFalse(rows.isEmpty(), "docs/metrics.md has no catalogue table");
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void isServedByItsService(Catalogued catalogued) {
        assertTrue(PORTS.containsKey(catalogued.service()), "unknown service " + catalogued.service());
        String metrics = given().baseUri(Stack.serviceUrl(catalogued.service(), PORTS.get(catalogued.service())))
                .when().get("/q/metrics").then().statusCode(200).extract().asString();
        String sample = "histogram".equals(catalogued.type()) ? catalogued.metric() + "_bucket" : catalogued.metric();
        assertTrue(Pattern.compile("(?m)^" + Pattern.quote(sample) + "[{ ]").matcher(metrics).find(),
                () -> catalogued + ": no sample " + sample + " at /q/metrics");
    }

    private static Path metricsDoc() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs/metrics.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        throw new IllegalStateException("docs/metrics.md not found from " + Path.of("").toAbsolutePath());
    }
}

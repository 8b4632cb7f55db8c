import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The closing lines of ./stack test: one line per stage, then, last,
 * {@code stack-test: N passed, N failed, N skipped}. Exit status 1 when anything failed.
 *
 *   java deploy/local/Summary.java ROOT STAGES
 *
 * STAGES has one line per stage that ./stack test began: "name start-ms end-ms exit-code". The reports are the
 * JUnit XML files under ROOT written while a stage ran (by modification time): Surefire's and Failsafe's
 * {@code target/*-reports/TEST-*.xml} and any {@code target/junit.xml} (node --test, the launcher's own test).
 * Each {@code <testcase>} counts once, however the suites nest: failed when it has a failure or an error,
 * skipped when it has a skipped element. A stage that exited non-zero without any failed test in its reports
 * (a build failure, services not ready, a missing tool) counts as one failure; so does an unreadable report.
 */
public class Summary {

    record Stage(String name, long start, long end, int exit) {}

    static int passed, failed, skipped;

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Summary ROOT STAGES");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        List<Stage> stages = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4) {
                stages.add(new Stage(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3])));
            }
        }
        List<Path> reports = reports(root);
        boolean anyStageFailed = false;
        for (Stage stage : stages) {
            int p = passed, f = failed, s = skipped;
            for (Path report : reports) {
                if (owner(root, report, stages) == stage) {
                    count(report);
                }
            }
            String note = "";
            if (stage.exit() != 0) {
                anyStageFailed = true;
                if (failed == f) {
                    failed++;
                    note = " (the stage failed to run: exit " + stage.exit() + ", counted as one failure)";
                } else {
                    note = " (exit " + stage.exit() + ")";
                }
            }
            System.out.printf("  %-16s %d passed, %d failed, %d skipped%s%n",
                    stage.name(), passed - p, failed - f, skipped - s, note);
        }
        System.out.printf("stack-test: %d passed, %d failed, %d skipped%n", passed, failed, skipped);
        System.exit(failed > 0 || anyStageFailed ? 1 : 0);
    }

    /**
     * The stage a report counts for, or null: the one it was written during. Stages may run side by side (the
     * contract tests run beside the service tests); a report written while several ran belongs to the one named
     * like its top folder (contract-tests/target/junit.xml); a stage named like a folder owns no other folder's
     * report, so the rest go to the first other stage (the service tests), and each counts once.
     */
    static Stage owner(Path root, Path report, List<Stage> stages) throws IOException {
        long written = Files.getLastModifiedTime(report).toMillis();
        String folder = root.relativize(report).getName(0).toString();
        Stage first = null, other = null;
        for (Stage stage : stages) {
            if (written >= stage.start() && written <= stage.end()) {
                if (stage.name().equals(folder)) {
                    return stage;
                }
                first = first == null ? stage : first;
                if (other == null && !Files.isDirectory(root.resolve(stage.name()))) {
                    other = stage;
                }
            }
        }
        return other != null ? other : first;
    }

    static List<Path> reports(Path root) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                return Set.of("node_modules", ".git", ".stack", "src").contains(name)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (isReport(file)) {
                    found.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return found;
    }

    static boolean isReport(Path file) {
        String name = file.getFileName().toString();
        String parent = file.getParent().getFileName().toString();
        return (name.startsWith("TEST-") && name.endsWith(".xml")
                        && (parent.equals("surefire-reports") || parent.equals("failsafe-reports")))
                || (name.equals("junit.xml") && parent.equals("target"));
    }

    static void count(Path report) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList cases = factory.newDocumentBuilder().parse(report.toFile()).getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element testcase = (Element) cases.item(i);
                if (has(testcase, "failure") || has(testcase, "error")) {
                    failed++;
                } else if (has(testcase, "skipped")) {
                    skipped++;
                } else {
                    passed++;
                }
            }
        } catch (Exception e) {
            System.out.println("  unreadable report " + report + ": " + e.getMessage() + " (counted as one failure)");
            failed++;
        }
    }

    /** A direct child element of that name (not a nested testcase's). */
    static boolean has(Element testcase, String name) {
        for (var node = testcase.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child && child.getTagName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}

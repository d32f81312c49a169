package dta.observatory.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Pins the house rule: the logic packages import nothing from Quarkus or Jakarta (only api/ and the wiring do). */
class PurePackagesTest {

    private static final List<String> PURE = List.of("alerts", "routing", "grouping", "silence", "inhibit", "outbox",
            "hitl", "pipeline", "dispatch", "cluster");

    @Test
    void logicPackagesHaveNoFrameworkImports() throws IOException {
        Path root = Path.of("src/main/java/dta/observatory/alert");
        for (String pkg : PURE) {
            try (Stream<Path> files = Files.list(root.resolve(pkg))) {
                for (Path f : files.toList()) {
                    assertThat(Files.readAllLines(f)).as(f.toString())
                            .noneMatch(l -> l.startsWith("import io.quarkus") || l.startsWith("import jakarta."));
                }
            }
        }
    }
}

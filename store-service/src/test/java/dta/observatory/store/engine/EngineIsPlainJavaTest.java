package dta.observatory.store.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine stays a plain Java library: no framework imports (Quarkus, CDI, MicroProfile, JAX-RS). */
class EngineIsPlainJavaTest {

    @Test
    void engineSourcesImportNoFramework() throws IOException {
        Path root = Path.of("src/main/java/dta/observatory/store/engine");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream()
                            .filter(l -> l.matches("import (static )?(io\\.quarkus|jakarta|javax\\.inject|"
                                    + "org\\.eclipse\\.microprofile|io\\.smallrye)\\..*"))
                            .map(l -> p.getFileName() + ": " + l);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(offenders).isEmpty();
    }
}

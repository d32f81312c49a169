package dta.observatory.k8s;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Each service's images expose the port its configuration serves and run as a non-root numeric user. */
class DockerfileTest {

    @Test
    void bothImagesOfEveryServiceExposeItsPortAndRunAsNonRoot() throws IOException {
        for (String module : ServiceConfig.MODULES) {
            int port = ServiceConfig.load(Rendered.repoRoot(), module).httpPort();
            for (String name : new String[] {"Dockerfile.jvm", "Dockerfile.native-micro"}) {
                Path file = Rendered.repoRoot().resolve(module).resolve("src/main/docker").resolve(name);
                assertThat(file).as("%s/%s", module, name).exists();
                String text = Files.readString(file);
                assertThat(text).as("%s/%s EXPOSE", module, name).containsPattern("(?m)^EXPOSE " + port + "$");
                Matcher user = Pattern.compile("(?m)^USER (\\d+)$").matcher(text);
                assertThat(user.find()).as("%s/%s sets a numeric USER (runAsNonRoot can verify it)", module, name)
                        .isTrue();
                assertThat(Integer.parseInt(user.group(1))).as("%s/%s USER", module, name).isPositive();
                assertThat(text).as("%s/%s listens on every interface", module, name)
                        .contains("-Dquarkus.http.host=0.0.0.0");
                assertThat(text).as("%s/%s names the image k8s/ deploys", module, name)
                        .contains("-t dta-observatory/" + module + ":");
            }
        }
    }
}

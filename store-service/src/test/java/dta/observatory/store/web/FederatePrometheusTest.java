package dta.observatory.store.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.Storage;
import dta.observatory.store.storage.StoredSample;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian package, 127.0.0.1 only) federates from the store's /federate with honor_labels and
 * the test reads the series back through Prometheus' own /api/v1/query.
 */
@QuarkusTest
class FederatePrometheusTest {

    private static final String PROMETHEUS = "/usr/bin/prometheus";

    @Inject
    Storage storage;

    @TestHTTPResource("/")
    URL store;

    @Test
    void federateAnswersTextFormatAndRejectsBadSelectors() {
        long now = System.currentTimeMillis();
        storage.append(List.of(new StoredSample(SeriesKey.of("fmt.check", Map.of("path", "/a\"b")), now, 2.5)));
        given().when().get("/federate?match[]=fmt_check").then().statusCode(200)
                .contentType(containsString("text/plain; version=0.0.4"))
                .body(containsString("# TYPE fmt_check untyped\nfmt_check{dta_metric=\"fmt.check\",path=\"/a\\\"b\"} 2.5 "
                        + now + "\n"));
        given().when().get("/federate").then().statusCode(400).body("error",
                containsString("at least one match[] selector is required"));
        given().queryParam("match[]", "m{l=v}").when().get("/federate").then().statusCode(400)
                .body("error", equalTo("match[] 'm{l=v}': the value of 'l' must be quoted"));
    }

    @Test
    void realPrometheusFederatesAndReadsBackTheSameValues() throws Exception {
        if (!new File(PROMETHEUS).canExecute()) {
            throw new IllegalStateException(PROMETHEUS + " is missing: apt-get install -y prometheus");
        }
        long now = System.currentTimeMillis();
        storage.append(List.of(
                new StoredSample(SeriesKey.of("fed.permit.pay.ok", Map.of("service", "permits")), now - 2_000, 1),
                new StoredSample(SeriesKey.of("fed.permit.pay.ok", Map.of("service", "permits")), now - 1_000, 0.75),
                new StoredSample(SeriesKey.of("fed.permit.pay.ok", Map.of("service", "say \"hi\"\\")), now - 1_000, 3),
                new StoredSample(SeriesKey.of("fed.ach.volume_usd", Map.of()), now - 1_500, 1234.5)));

        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("dta-prometheus-");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: dta-store
                    honor_labels: true
                    metrics_path: /federate
                    params:
                      'match[]': ['{__name__=~"fed_.*"}']
                    static_configs:
                      - targets: ['%s']
                """.formatted(store.getHost() + ":" + store.getPort()));
        Process prometheus = new ProcessBuilder(PROMETHEUS, "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            ObjectMapper json = new ObjectMapper();
            String query = "http://127.0.0.1:" + port + "/api/v1/query?query="
                    + URLEncoder.encode("{__name__=~\"fed_.*\"}", StandardCharsets.UTF_8);
            JsonNode result = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> json.readTree(http.send(HttpRequest.newBuilder(URI.create(query))
                            .build(), HttpResponse.BodyHandlers.ofString()).body()).path("data").path("result"),
                            r -> r.size() == 3);
            Map<String, String> got = new java.util.TreeMap<>();
            for (JsonNode series : result) {
                JsonNode m = series.path("metric");
                got.put(m.path("__name__").asText() + "|" + m.path("dta_metric").asText() + "|"
                        + m.path("service").asText(), series.path("value").get(1).asText());
            }
            assertThat(got).containsExactly(
                    Map.entry("fed_ach_volume_usd|fed.ach.volume_usd|", "1234.5"),
                    Map.entry("fed_permit_pay_ok|fed.permit.pay.ok|permits", "0.75"),
                    Map.entry("fed_permit_pay_ok|fed.permit.pay.ok|say \"hi\"\\", "3"));
            // The sample keeps the store's timestamp (the format carries it), not the scrape time.
            String at = "http://127.0.0.1:" + port + "/api/v1/query?time=" + ((now - 1_000) / 1000.0) + "&query="
                    + URLEncoder.encode("timestamp(fed_ach_volume_usd)", StandardCharsets.UTF_8);
            JsonNode ts = json.readTree(http.send(HttpRequest.newBuilder(URI.create(at)).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("data").path("result").get(0);
            assertThat(ts.path("value").get(1).asDouble()).isEqualTo((now - 1_500) / 1000.0);
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }
}

package dta.observatory.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dta.observatory.client.Metric;
import dta.observatory.client.Observatory;
import dta.observatory.client.rules.AutoWatcher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The watcher across real processes: an AutoWatcher catching a latency spike emitted through ingest and reaching
 * the webhook; rule files loaded, read-only and reloaded; rules and states surviving a kill -9 of the watcher.
 */
class WatcherIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ObservatoryProcesses observatory;
    private static WebhookReceiver webhook;
    private static ServiceProcess store;
    private static ServiceProcess alert;
    private static ServiceProcess ingest;
    private static ServiceProcess watcher;
    private static Path rulesDir;
    private static Path stateDir;

    private static final String FILE_RULES = """
            rules:
              - id: file-rule
                metric: file.metric
                window: 1
                aggregate: last
                comparator: ">"
                threshold: 10
            """;

    @BeforeAll
    static void start() throws Exception {
        rulesDir = Files.createTempDirectory("e2e-rules");
        stateDir = Files.createTempDirectory("e2e-watcher-state");
        Files.writeString(rulesDir.resolve("rules.yaml"), FILE_RULES);
        observatory = ObservatoryProcesses.start(Map.of(
                "DTA_WATCHER_STATE_DIR", stateDir.toString(),
                "DTA_WATCHER_RULES_DIR", rulesDir.toString(),
                "DTA_WATCHER_RULES_RELOAD_INTERVAL", "1s",
                "DTA_WATCHER_EVAL_INTERVAL", "1s"));
        webhook = observatory.webhook;
        store = observatory.store;
        alert = observatory.alert;
        ingest = observatory.ingest;
        watcher = observatory.watcher();
    }

    @AfterAll
    static void stop() {
        observatory.close();
    }

    private static Observatory connect() {
        return observatory.connect(Duration.ofMillis(500));
    }

    /** The next webhook body for {@code rule} within {@code timeout} (others are skipped), or null. */
    private static JsonNode nextFor(String rule, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            WebhookReceiver.Delivery d = webhook.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (d != null) {
                JsonNode body = JSON.readTree(d.body());
                if (body.get("rule").asText().equals(rule)) {
                    return body;
                }
            }
        }
        return null;
    }

    private static JsonNode rule(String id) throws Exception {
        return JSON.readTree(Http.get(watcher.baseUrl() + "/api/v1/rules/" + id).body());
    }

    private static JsonNode awaitRule(String id, String state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode r = null;
        while (System.nanoTime() < deadline) {
            r = rule(id);
            if (r.has("state") && r.get("state").asText().equals(state)) {
                return r;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("rule " + id + " did not reach " + state + " within " + timeout + ": " + r);
    }

    @Test
    void aLatencySpikeEmittedThroughIngestReachesTheWebhookThroughAnAutoWatcher() throws Exception {
        List<Double> fired = new CopyOnWriteArrayList<>();
        try (Observatory obs = connect()) {
            obs.autoWatch(AutoWatcher.on("svc.latency_ms").sensitivity(2.5).window(60).minPoints(30)
                    .onFire(fired::add));
            long t = System.currentTimeMillis() - 120_000;
            for (int i = 0; i < 60; i++) {
                obs.emit(new Metric("svc.latency_ms", 100 + (i % 5) - 2, t + i * 1000L, Map.of()));
            }
            assertThat(obs.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(nextFor("auto-svc.latency_ms", Duration.ofSeconds(4))).as("normal latencies: no alert")
                    .isNull();
            assertThat(rule("auto-svc.latency_ms").get("state").asText()).isEqualTo("inactive");

            obs.emit(new Metric("svc.latency_ms", 900, t + 61_000, Map.of()));
            assertThat(obs.flush(Duration.ofSeconds(10))).isTrue();
            JsonNode alertBody = nextFor("auto-svc.latency_ms", Duration.ofSeconds(15));
            assertThat(alertBody).as("the spike must reach the webhook").isNotNull();
            assertThat(alertBody.get("status").asText()).isEqualTo("firing");
            assertThat(alertBody.get("value").asDouble()).isEqualTo(900);
            assertThat(alertBody.get("summary").asText()).startsWith("svc.latency_ms = 900, baseline 100, score ");

            JsonNode view = rule("auto-svc.latency_ms");
            assertThat(view.get("baseline").asDouble()).isEqualTo(100);
            assertThat(view.get("score").asDouble()).isGreaterThan(100);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (fired.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(fired).as("the SDK's onFire gets the value").containsExactly(900.0);
        }
    }

    @Test
    void aSeasonalAutoWatcherComparesWithYesterdayThroughTheStoresRangeAndTheAlertCarriesItsDescription()
            throws Exception {
        long day = Duration.ofDays(1).toMillis();
        long last = System.currentTimeMillis() - 1_000;
        try (Observatory obs = connect()) {
            // Yesterday at this time the shop took ~500 orders a minute; today the same minute is quiet (~100).
            for (long t = last - day - 60_000; t <= last - day + 60_000; t += 1_000) {
                obs.emit(new Metric("shop.orders", 500 + (t / 1_000) % 5 - 2, t, Map.of()));
            }
            for (int i = 59; i >= 0; i--) {
                obs.emit(new Metric("shop.orders", 100 + i % 5 - 2, last - i * 1_000L, Map.of()));
            }
            assertThat(obs.flush(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(Http.postJson(watcher.baseUrl() + "/api/v1/rules", "{\"id\":\"orders-seasonal\","
                + "\"type\":\"auto\",\"metric\":\"shop.orders\",\"window\":60,\"direction\":\"down\","
                + "\"seasonality\":\"daily\",\"description\":\"orders {{value}}, usually {{baseline}} now\"}")
                .status()).isEqualTo(201);

        JsonNode body = nextFor("orders-seasonal", Duration.ofSeconds(15));
        assertThat(body).as("the drop against yesterday must reach the webhook").isNotNull();
        assertThat(body.get("value").asDouble()).isEqualTo(98);
        assertThat(body.get("threshold").asDouble()).as("the seasonal baseline").isEqualTo(500);
        assertThat(body.get("description").asText()).isEqualTo("orders 98, usually 500 now");
        JsonNode view = rule("orders-seasonal");
        assertThat(view.get("baselineKind").asText()).isEqualTo("seasonal(1d)");
        assertThat(view.get("score").asDouble()).isLessThan(-2.5);
    }

    @Test
    void ruleFilesAreLoadedReadOnlyAndReloadedOnChange() throws Exception {
        JsonNode r = rule("file-rule");
        assertThat(r.get("rule").get("source").asText()).isEqualTo("file:rules.yaml");
        HttpResponse<String> delete = HTTP.send(HttpRequest.newBuilder(
                URI.create(watcher.baseUrl() + "/api/v1/rules/file-rule")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(409);
        assertThat(delete.body()).contains("read-only");

        Files.writeString(rulesDir.resolve("rules.yaml"), FILE_RULES.replace("threshold: 10", "threshold: 20"));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (rule("file-rule").get("rule").get("threshold").asDouble() != 20 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(rule("file-rule").get("rule").get("threshold").asDouble()).isEqualTo(20);
    }

    private static void awaitSaved(String fragment, Duration timeout) throws Exception {
        Path file = stateDir.resolve("watcher-state.json");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(Files.exists(file) && Files.readString(file).replace(" ", "").contains(fragment))) {
            assertThat(System.nanoTime()).as("state file %s never held %s", file, fragment).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void rulesAndStatesSurviveAKillOfTheWatcher() throws Exception {
        Http.Reply firing = Http.postJson(watcher.baseUrl() + "/api/v1/rules", "{\"id\":\"restart-firing\","
                + "\"metric\":\"restart.temp\",\"window\":1,\"aggregate\":\"last\",\"comparator\":\">\","
                + "\"threshold\":10}");
        assertThat(firing.status()).as(firing.body()).isEqualTo(201);
        Http.Reply pending = Http.postJson(watcher.baseUrl() + "/api/v1/rules", "{\"id\":\"restart-pending\","
                + "\"metric\":\"restart.temp\",\"window\":1,\"aggregate\":\"last\",\"comparator\":\">\","
                + "\"threshold\":10,\"for\":\"10m\"}");
        assertThat(pending.status()).as(pending.body()).isEqualTo(201);
        assertThat(Http.postJson(ingest.baseUrl() + "/api/v1/emit", "{\"metric\":\"restart.temp\",\"value\":50}")
                .status()).isEqualTo(202);
        assertThat(nextFor("restart-firing", Duration.ofSeconds(15))).as("fires once before the restart")
                .isNotNull();
        long activeSince = awaitRule("restart-pending", "pending", Duration.ofSeconds(10)).get("activeSinceMs")
                .asLong();
        awaitRule("restart-firing", "firing", Duration.ofSeconds(5));
        // The API shows a cycle's states as soon as the cycle computed them; the state file follows right after the
        // cycle's notifications went out. Kill once that save holds the pending rule's start: a kill inside that
        // window is at-least-once (the rule notifies again and the alert service drops the repeat by fingerprint).
        awaitSaved("\"activeSinceMs\":" + activeSince, Duration.ofSeconds(10));

        watcher = observatory.killAndRestartWatcher();

        assertThat(rule("restart-firing").get("state").asText()).as("restored before any evaluation")
                .isEqualTo("firing");
        JsonNode stillPending = awaitRule("restart-pending", "pending", Duration.ofSeconds(10));
        assertThat(stillPending.get("activeSinceMs").asLong()).as("`for` progress kept").isEqualTo(activeSince);
        Thread.sleep(3_000); // a few evaluation cycles of the new process
        assertThat(rule("restart-firing").get("state").asText()).isEqualTo("firing");
        assertThat(nextFor("restart-firing", Duration.ofSeconds(2))).as("a firing rule does not fire again as new")
                .isNull();
    }
}

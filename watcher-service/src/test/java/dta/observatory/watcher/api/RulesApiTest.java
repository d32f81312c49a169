package dta.observatory.watcher.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.AlertStatus;
import dta.observatory.api.v1.CreateRuleRequest;
import dta.observatory.api.v1.DeleteRuleRequest;
import dta.observatory.api.v1.Rule;
import dta.observatory.api.v1.RuleType;
import dta.observatory.api.v1.RuleView;
import dta.observatory.api.v1.Series;
import dta.observatory.api.v1.UpdateRuleRequest;
import dta.observatory.api.v1.WatcherServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rule features of issue 5 on the running service: AutoWatchers, updates, templates, resolve, validation. */
@QuarkusTest
class RulesApiTest {

    @GrpcClient("watcher")
    WatcherServiceGrpc.WatcherServiceBlockingStub watcher;

    private static Series latencies(String metric, double last) {
        Series.Builder s = Series.newBuilder().setMetric(metric);
        for (int i = 0; i < 60; i++) {
            s.addPointsBuilder().setTimestampMs(1_000L * (i + 1)).setValue(i == 59 ? last : 100 + (i % 5) - 2);
        }
        return s.build();
    }

    @Test
    void anAutoWatcherCreatedOverRestFiresNamingValueBaselineAndScoreThenResolves() {
        FakePeers.SERIES.put("api.latency", latencies("api.latency", 900));
        given().contentType("application/json").body("{\"id\":\"api-auto\",\"type\":\"auto\","
                        + "\"metric\":\"api.latency\",\"window\":60,\"direction\":\"up\"}")
                .when().post("/api/v1/rules").then().statusCode(201)
                .body("rule.type", equalTo("auto")).body("rule.sensitivity", equalTo(2.5f))
                .body("rule.method", equalTo("mad")).body("rule.minPoints", equalTo(30));

        await().atMost(Duration.ofSeconds(10)).until(() -> FakePeers.NOTIFIED.stream()
                .anyMatch(a -> a.getRuleId().equals("api-auto")));
        Alert alert = FakePeers.NOTIFIED.stream().filter(a -> a.getRuleId().equals("api-auto")).findFirst()
                .orElseThrow();
        assertThat(alert.getValue()).isEqualTo(900);
        assertThat(alert.getThreshold()).as("the baseline").isEqualTo(100);
        assertThat(alert.getSummary()).startsWith("api.latency = 900, baseline 100, score 5");
        given().when().get("/api/v1/rules/api-auto").then().statusCode(200).body("state", equalTo("firing"))
                .body("baseline", equalTo(100.0f)).body("summary", startsWith("api.latency = 900"));

        FakePeers.SERIES.put("api.latency", latencies("api.latency", 101));
        await().atMost(Duration.ofSeconds(10)).until(() -> FakePeers.NOTIFIED.stream()
                .anyMatch(a -> a.getRuleId().equals("api-auto") && a.getStatus() == AlertStatus.ALERT_STATUS_RESOLVED));
        given().when().get("/api/v1/rules/api-auto").then().body("state", equalTo("resolved"));
        given().when().delete("/api/v1/rules/api-auto").then().statusCode(204);
    }

    @Test
    void aSeasonalAutoWatcherCreatedOverRestComparesWithTheSameTimeYesterday() {
        long now = System.currentTimeMillis();
        long day = Duration.ofDays(1).toMillis();
        Series.Builder s = Series.newBuilder().setMetric("api.traffic");
        for (long t = now - day - 600_000; t <= now - day + 600_000; t += 1_000) {
            s.addPointsBuilder().setTimestampMs(t).setValue(500 + (t / 1_000) % 5 - 2); // yesterday: busy
        }
        for (int i = 59; i >= 0; i--) {
            s.addPointsBuilder().setTimestampMs(now - i * 1_000L).setValue(100 + i % 5 - 2); // today: quiet
        }
        FakePeers.SERIES.put("api.traffic", s.build());
        given().contentType("application/json").body("{\"id\":\"api-seasonal\",\"type\":\"auto\","
                        + "\"metric\":\"api.traffic\",\"window\":60,\"direction\":\"down\","
                        + "\"seasonality\":[\"daily\"],\"description\":\"traffic {{value}}, usually {{baseline}}\"}")
                .when().post("/api/v1/rules").then().statusCode(201)
                .body("rule.seasonality", equalTo(java.util.List.of("daily")));

        await().atMost(Duration.ofSeconds(10)).until(() -> FakePeers.NOTIFIED.stream()
                .anyMatch(a -> a.getRuleId().equals("api-seasonal")));
        Alert alert = FakePeers.NOTIFIED.stream().filter(a -> a.getRuleId().equals("api-seasonal")).findFirst()
                .orElseThrow();
        assertThat(alert.getThreshold()).as("the seasonal baseline").isEqualTo(500);
        assertThat(alert.getDescription()).isEqualTo("traffic 98, usually 500");
        given().when().get("/api/v1/rules/api-seasonal").then().statusCode(200).body("state", equalTo("firing"))
                .body("baselineKind", equalTo("seasonal(1d)")).body("baseline", equalTo(500.0f));
        RuleView view = watcher.getRule(dta.observatory.api.v1.GetRuleRequest.newBuilder().setId("api-seasonal")
                .build());
        assertThat(view.getBaselineKind()).isEqualTo("seasonal(1d)");
        assertThat(view.getRule().getAuto().getSeasonalityList()).containsExactly("daily");
        int calls = FakePeers.RANGE_CALLS.get();
        await().pollDelay(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(FakePeers.RANGE_CALLS.get()).as("later cycles read the cached past").isEqualTo(calls);
        given().when().delete("/api/v1/rules/api-seasonal").then().statusCode(204);

        given().contentType("application/json").body("{\"type\":\"auto\",\"metric\":\"m\","
                        + "\"seasonality\":\"monthly\"}")
                .when().post("/api/v1/rules").then().statusCode(400)
                .body("error", equalTo("unknown seasonality 'monthly'; expected none, daily, weekly or a period such "
                        + "as 12h"));
    }

    @Test
    void updateReplacesARuleAndForKeepsItPending() {
        FakePeers.SERIES.put("api.temp", latencies("api.temp", 500));
        given().contentType("application/json").body("{\"id\":\"api-upd\",\"metric\":\"api.temp\",\"window\":1,"
                + "\"aggregate\":\"last\",\"comparator\":\">\",\"threshold\":1000}")
                .when().post("/api/v1/rules").then().statusCode(201);
        given().contentType("application/json").body("{\"metric\":\"api.temp\",\"window\":\"5m\","
                        + "\"aggregate\":\"p99\",\"comparator\":\">\",\"threshold\":10,\"for\":\"1h\"}")
                .when().put("/api/v1/rules/api-upd").then().statusCode(200)
                .body("rule.window", equalTo("300s")).body("rule.for", equalTo("3600s"));
        // The fake store ignores since_ms; the rule holds, but not yet for an hour.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/api/v1/rules/api-upd")
                .then().body("state", equalTo("pending")));
        given().contentType("application/json").body("{\"metric\":\"x\",\"window\":1,\"aggregate\":\"last\","
                        + "\"comparator\":\">\",\"threshold\":1}")
                .when().put("/api/v1/rules/nope").then().statusCode(404);
        given().contentType("application/json").body("{\"id\":\"other\",\"metric\":\"x\",\"window\":1,"
                        + "\"aggregate\":\"last\",\"comparator\":\">\",\"threshold\":1}")
                .when().put("/api/v1/rules/api-upd").then().statusCode(400).body("error", containsString("differs"));
        given().when().delete("/api/v1/rules/api-upd").then().statusCode(204);
    }

    @Test
    void badRulesAreRefusedNamingTheProblem() {
        given().contentType("application/json").body("{\"metric\":\"m\",\"window\":-3,\"aggregate\":\"avg\","
                        + "\"comparator\":\"<\",\"threshold\":1}")
                .when().post("/api/v1/rules").then().statusCode(400)
                .body("error", equalTo("window must not be negative, got -3"));
        given().contentType("application/json").body("{\"metric\":\"m\",\"window\":5,\"aggregate\":\"avg\","
                        + "\"comparator\":\"<\",\"threshold\":1,\"summary\":\"{{nope}}\"}")
                .when().post("/api/v1/rules").then().statusCode(400)
                .body("error", startsWith("summary: unknown placeholder {{nope}}"));
        given().contentType("application/json").body("{\"type\":\"auto\",\"metric\":\"m\",\"sensitivity\":-1}")
                .when().post("/api/v1/rules").then().statusCode(400)
                .body("error", startsWith("sensitivity must be a positive number"));
        assertThatThrownBy(() -> watcher.createRule(CreateRuleRequest.newBuilder().setRule(Rule.newBuilder()
                .setMetric("m").setWindowPoints(5).setAggregateName("p42").setComparator(
                        dta.observatory.api.v1.Comparator.COMPARATOR_GT)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("unknown aggregate 'p42'");
                });
    }

    @Test
    void grpcCreatesAndUpdatesAutoWatchers() {
        RuleView created = watcher.createRule(CreateRuleRequest.newBuilder().setRule(Rule.newBuilder()
                .setId("grpc-auto").setType(RuleType.RULE_TYPE_AUTO).setMetric("grpc.latency")).build());
        assertThat(created.getRule().getAuto().getSensitivity()).isEqualTo(2.5);
        assertThat(created.getRule().getWindowPoints()).isEqualTo(100);
        assertThat(created.getRule().getSource()).isEqualTo("api");
        RuleView updated = watcher.updateRule(UpdateRuleRequest.newBuilder().setRule(created.getRule().toBuilder()
                .setAuto(created.getRule().getAuto().toBuilder().setSensitivity(4).setMethod("zscore"))).build());
        assertThat(updated.getRule().getAuto().getSensitivity()).isEqualTo(4);
        assertThat(updated.getRule().getAuto().getMethod()).isEqualTo("zscore");
        assertThatThrownBy(() -> watcher.updateRule(UpdateRuleRequest.newBuilder().setRule(created.getRule()
                .toBuilder().setId("missing")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        watcher.deleteRule(DeleteRuleRequest.newBuilder().setId("grpc-auto").build());
    }

    @Test
    void perStateGaugesAreExported() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("dta_watcher_rules_state{state=\"firing\"}"));
    }
}

package dta.observatory.watcher.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dta.observatory.api.v1.Aggregate;
import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.AlertStatus;
import dta.observatory.api.v1.Comparator;
import dta.observatory.api.v1.CreateRuleRequest;
import dta.observatory.api.v1.DeleteRuleRequest;
import dta.observatory.api.v1.GetRuleRequest;
import dta.observatory.api.v1.ListRulesRequest;
import dta.observatory.api.v1.Rule;
import dta.observatory.api.v1.RuleState;
import dta.observatory.api.v1.RuleView;
import dta.observatory.api.v1.Series;
import dta.observatory.api.v1.WatcherServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The watcher's gRPC and REST surfaces, and its schedule, on a running application with fake peers. */
@QuarkusTest
class WatcherServiceTest {

    @GrpcClient("watcher")
    WatcherServiceGrpc.WatcherServiceBlockingStub watcher;

    private static Series payments(String metric, int count, int failures) {
        Series.Builder s = Series.newBuilder().setMetric(metric);
        for (int i = 0; i < count; i++) {
            s.addPointsBuilder().setTimestampMs(1_000L + i).setValue(i < failures ? 0 : 1);
        }
        return s.build();
    }

    @Test
    void aRuleCreatedOverGrpcFiresThroughTheAlertServiceOnce() {
        FakePeers.SERIES.put("grpc.pay.ok", payments("grpc.pay.ok", 100, 10));
        RuleView created = watcher.createRule(CreateRuleRequest.newBuilder().setRule(Rule.newBuilder()
                .setId("grpc-pay-ok").setMetric("grpc.pay.ok").setWindowPoints(100)
                .setAggregate(Aggregate.AGGREGATE_AVG).setComparator(Comparator.COMPARATOR_LT).setThreshold(0.95)
                .addChannels("webhook")).build());
        assertThat(created.getRule().getMinIntervalSeconds()).isEqualTo(300);

        await().atMost(Duration.ofSeconds(30)).until(() -> FakePeers.NOTIFIED.stream()
                .anyMatch(a -> a.getRuleId().equals("grpc-pay-ok")));
        Alert alert = FakePeers.NOTIFIED.stream().filter(a -> a.getRuleId().equals("grpc-pay-ok")).findFirst()
                .orElseThrow();
        assertThat(alert.getValue()).isEqualTo(0.9);
        assertThat(alert.getStatus()).isEqualTo(AlertStatus.ALERT_STATUS_FIRING);
        assertThat(alert.getComparator()).isEqualTo("<");
        assertThat(alert.getChannelsList()).containsExactly("webhook");

        RuleView view = watcher.getRule(GetRuleRequest.newBuilder().setId("grpc-pay-ok").build());
        assertThat(view.getState()).isEqualTo(RuleState.RULE_STATE_FIRING);
        assertThat(view.getLastValue()).isEqualTo(0.9);
        assertThat(watcher.listRules(ListRulesRequest.getDefaultInstance()).getRulesList())
                .extracting(r -> r.getRule().getId()).contains("grpc-pay-ok");

        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        assertThat(FakePeers.NOTIFIED.stream().filter(a -> a.getRuleId().equals("grpc-pay-ok")))
                .as("min_interval throttles repeats").hasSize(1);
        assertThat(watcher.deleteRule(DeleteRuleRequest.newBuilder().setId("grpc-pay-ok").build()).getDeleted())
                .isTrue();
    }

    @Test
    void invalidRulesAreRefusedWithTheFieldNamed() {
        assertThatThrownBy(() -> watcher.createRule(CreateRuleRequest.newBuilder().setRule(Rule.newBuilder()
                .setMetric("m").setWindowPoints(10).setComparator(Comparator.COMPARATOR_LT)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("aggregate is required");
                });
        assertThatThrownBy(() -> watcher.getRule(GetRuleRequest.newBuilder().setId("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void restManagesRulesAndShowsNoDataForAMisspeltMetric() {
        given().contentType("application/json").body("{\"id\":\"rest-rule\",\"metric\":\"permit.pay.okk\","
                        + "\"window\":10,\"aggregate\":\"avg\",\"comparator\":\"<\",\"threshold\":0.95,\"minInterval\":\"5m\"}")
                .when().post("/api/v1/rules").then().statusCode(201)
                .body("rule.minInterval", equalTo("300s")).body("rule.channels", hasItem("webhook"));
        given().contentType("application/json").body("{\"id\":\"rest-rule\",\"metric\":\"x\",\"window\":1,"
                        + "\"aggregate\":\"avg\",\"comparator\":\"<\",\"threshold\":1}")
                .when().post("/api/v1/rules").then().statusCode(409);
        given().contentType("application/json").body("{\"metric\":\"x\",\"window\":1,\"aggregate\":\"median\","
                        + "\"comparator\":\"<\",\"threshold\":1}")
                .when().post("/api/v1/rules").then().statusCode(400).body("error", containsString("'median'"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/api/v1/rules/rest-rule")
                .then().statusCode(200).body("state", equalTo("no_data"))
                .body("detail", equalTo("no metric named 'permit.pay.okk'")));
        given().when().get("/api/v1/rules").then().statusCode(200).body("rules.rule.id", hasItem("rest-rule"));
        given().when().delete("/api/v1/rules/rest-rule").then().statusCode(204);
        given().when().get("/api/v1/rules/rest-rule").then().statusCode(404);
    }

    @Test
    void healthAndMetricsAreServed() {
        // The first probe opens the gRPC connections to the peers: on a loaded machine that can outlast one probe.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .statusCode(200).body(containsString("\"store\"")));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("dta_watcher_rules_evaluated_total"));
    }
}

package dta.observatory.alert.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.AlertServiceGrpc;
import dta.observatory.api.v1.AlertStatus;
import dta.observatory.api.v1.NotifyRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The REST surface added for issue 6: silences, hitl tasks, channel status, dead letters, time filters. */
@QuarkusTest
@WithTestResource(WebhookReceiverResource.class)
class AlertRestApiTest {

    @GrpcClient("alert")
    AlertServiceGrpc.AlertServiceBlockingStub alerts;

    private String notify(String rule, String channel) {
        return alerts.notify(NotifyRequest.newBuilder().setAlert(Alert.newBuilder().setRuleId(rule)
                .setMetric("permit.pay.ok").setValue(0.9).setThreshold(0.95).setComparator("<")
                .setStatus(AlertStatus.ALERT_STATUS_FIRING).setSeverity("critical").setSummary("Payment success <95%")
                .addChannels(channel)).build()).getAlertId();
    }

    @Test
    void aHitlTaskIsClaimedCommentedAndClosedThroughRest() {
        notify("hitl-rule", "hitl");
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/v1/tasks?state=open").jsonPath()
                .getList("tasks.title", String.class).stream().anyMatch(t -> t.contains("hitl-rule")));
        String id = given().get("/api/v1/tasks?state=open").jsonPath()
                .getString("tasks.find { it.title.contains('hitl-rule') }.id");
        given().contentType("application/json").body("{\"by\":\"ana\"}").post("/api/v1/tasks/" + id + "/claim")
                .then().statusCode(200).body("state", equalTo("CLAIMED")).body("claimedBy", equalTo("ana"));
        given().contentType("application/json").body("{\"by\":\"bob\"}").post("/api/v1/tasks/" + id + "/claim")
                .then().statusCode(409).body("error", containsString("claimed by ana"));
        given().contentType("application/json").body("{\"by\":\"ana\",\"text\":\"restarted gateway\"}")
                .post("/api/v1/tasks/" + id + "/comment").then().statusCode(200)
                .body("comments.text", hasItem("restarted gateway"));
        given().contentType("application/json").body("{\"by\":\"ana\",\"text\":\"fixed\"}")
                .post("/api/v1/tasks/" + id + "/close").then().statusCode(200).body("state", equalTo("DONE"))
                .body("resolution", equalTo("fixed"));
        given().get("/api/v1/tasks?state=done").then().statusCode(200).body("tasks.id", hasItem(id));
        given().get("/api/v1/tasks?state=lost").then().statusCode(400)
                .body("error", equalTo("state must be open, claimed or done, got 'lost'"));
        given().post("/api/v1/tasks/nope/claim").then().statusCode(404);
    }

    @Test
    void silencesAreCreatedListedAndExpired() {
        String id = given().contentType("application/json")
                .body("{\"matchers\":[\"rule=silenced-rule\"],\"endsAt\":\"2099-01-01T00:00:00Z\",\"createdBy\":\"ops\"}")
                .post("/api/v1/silences").then().statusCode(201).body("state", equalTo("active"))
                .extract().path("id");
        given().get("/api/v1/silences").then().statusCode(200).body("silences.id", hasItem(id));
        notify("silenced-rule", "webhook");
        given().delete("/api/v1/silences/" + id).then().statusCode(200).body("state", equalTo("expired"));
        await().atMost(Duration.ofSeconds(10)).until(() -> WebhookReceiverResource.BODIES.stream()
                .anyMatch(b -> b.contains("silenced-rule")));
        given().contentType("application/json").body("{\"matchers\":[],\"endsAt\":\"2099-01-01T00:00:00Z\"}")
                .post("/api/v1/silences").then().statusCode(400)
                .body("error", equalTo("a silence needs at least one matcher, e.g. rule=pay-ok"));
        given().contentType("application/json").body("{\"matchers\":[\"a=b\"]}").post("/api/v1/silences")
                .then().statusCode(400).body("error", equalTo("a silence needs an end time (endsAt)"));
        given().delete("/api/v1/silences/nope").then().statusCode(404);
        given().get("/q/metrics").then().body(containsString("dta_alert_api_errors_total{status=\"400\"}"));
    }

    @Test
    void channelStatusDeadLettersAndMetricsNeverShowSecrets() {
        notify("pager-rule", "pager"); // not a configured channel: a dead letter at once
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/v1/dead-letters").jsonPath()
                .getList("deadLetters.channel", String.class).contains("pager"));
        JsonPath dead = given().get("/api/v1/dead-letters").jsonPath();
        String deadId = dead.getString("deadLetters.find { it.channel == 'pager' }.id");
        given().get("/api/v1/dead-letters").then().body("deadLetters.error", hasItem("channel 'pager' is not configured"));
        given().post("/api/v1/dead-letters/" + deadId + "/retry").then().statusCode(202);
        given().post("/api/v1/dead-letters/unknown/retry").then().statusCode(404);

        notify("status-rule", "webhook");
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/v1/channels").jsonPath()
                .getLong("channels.find { it.channel == 'webhook' }.lastSuccessAtMs") > 0);
        String channels = given().get("/api/v1/channels").then().statusCode(200)
                .body("channels.channel", hasItem("hitl")).extract().asString();
        org.assertj.core.api.Assertions.assertThat(channels).doesNotContain("127.0.0.1").doesNotContain("/hook");
        given().get("/q/metrics").then().body(containsString("dta_alert_outbox_depth"))
                .body(containsString("dta_alert_outbox_oldest_pending_age_seconds"))
                .body(containsString("dta_alert_dead_letters"))
                .body(containsString("dta_alert_notifications_failed_total{channel=\"pager\"}"));
    }

    @Test
    void alertsFilterByTime() {
        long before = System.currentTimeMillis();
        String id = notify("time-rule", "log");
        given().get("/api/v1/alerts?rule=time-rule&since=" + before).then().body("alerts.id", hasItem(id));
        given().get("/api/v1/alerts?rule=time-rule&until=" + before).then().body("alerts.id", not(hasItem(id)));
        given().get("/api/v1/alerts?since=yesterday").then().statusCode(400)
                .body("error", containsString("since must be ms since epoch or ISO-8601"));
        List<String> all = given().get("/api/v1/alerts?since=2020-01-01T00:00:00Z").jsonPath().getList("alerts.id");
        org.assertj.core.api.Assertions.assertThat(all).contains(id);
    }
}

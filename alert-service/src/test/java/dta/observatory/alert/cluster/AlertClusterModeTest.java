package dta.observatory.alert.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dta.observatory.alert.alerts.AlertEvent;
import dta.observatory.alert.alerts.AlertRecord;
import dta.observatory.alert.dispatch.Notification;
import dta.observatory.alert.dispatch.RetryPolicy;
import dta.observatory.alert.hitl.Task;
import dta.observatory.alert.silence.Silence;
import dta.observatory.alert.testing.Alerts;
import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.AlertServiceGrpc;
import dta.observatory.api.v1.AlertStatus;
import dta.observatory.api.v1.NotifyRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service in cluster mode on a real PostgreSQL (schema by its Flyway at start): what it records and queues
 * is in the shared tables, and what another replica records or queues there is answered and delivered here.
 */
@QuarkusTest
@WithTestResource(ClusterModeResources.class)
class AlertClusterModeTest {

    @GrpcClient("alert")
    AlertServiceGrpc.AlertServiceBlockingStub alerts;

    @Test
    void anAlertItsAckAndItsNotificationAreInTheSharedTables() throws Exception {
        String id = alerts.notify(NotifyRequest.newBuilder().setAlert(Alert.newBuilder().setRuleId("cluster-local")
                .setMetric("permit.pay.ok").setValue(0.9).setThreshold(0.95).setComparator("<")
                .setStatus(AlertStatus.ALERT_STATUS_FIRING).setSeverity("critical").setSummary("Payment success <95%")
                .addChannels("webhook")).build()).getAlertId();
        assertThat(id).as("ids carry the replica, so replicas never make the same one").matches("alert-\\d+-.+-\\d+");
        await().atMost(Duration.ofSeconds(20)).until(() -> ClusterModeResources.RECEIVED.stream()
                .anyMatch(r -> r.body().contains("cluster-local")));
        assertThat(count("SELECT count(*) FROM alert_state_log WHERE kind = 'alert' AND record->'alert'->>'id' = ?",
                id)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM alert_outbox WHERE "
                + "channel = 'webhook' AND state = 'done' AND notification::text LIKE ?", "%cluster-local%") == 1);

        given().post("/api/v1/alerts/" + id + "/ack?by=ana").then().statusCode(200)
                .body("acknowledgedBy", equalTo("ana"));
        assertThat(count("SELECT count(*) FROM alert_state_log WHERE kind = 'ack' AND record->'alert'->>'id' = ?",
                id)).isEqualTo(1);
    }

    @Test
    void whatAnotherReplicaRecordsIsAnsweredHereAndWhatItQueuesIsDeliveredHere() throws Exception {
        PgStateLog other = new PgStateLog(ClusterModeResources.database, "other-replica");
        long now = System.currentTimeMillis();
        AlertRecord remote = new AlertRecord("alert-" + now + "-other-replica-1", Alerts.event("cluster-remote",
                AlertEvent.Status.FIRING, "critical", Map.of("instance", "node-9")), now, null, 0);
        ObjectNode alert = PgOutbox.JSON.createObjectNode().put("t", "alert");
        alert.set("alert", PgOutbox.JSON.valueToTree(remote));
        other.record(alert);
        Silence silence = new Silence("silence-other-1", List.of("rule=maintenance"), 1_000, 4_102_444_800_000L,
                "ops", "planned");
        ObjectNode silenceNode = PgOutbox.JSON.createObjectNode().put("t", "silence");
        silenceNode.set("silence", PgOutbox.JSON.valueToTree(silence));
        other.record(silenceNode);

        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/alerts?rule=cluster-remote")
                .asString().contains(remote.id()));
        given().get("/api/v1/silences/silence-other-1").then().statusCode(200).body("createdBy", equalTo("ops"));
        // the only replica here holds the group lock: it groups and notifies the other replica's alert too
        await().atMost(Duration.ofSeconds(20)).until(() -> ClusterModeResources.RECEIVED.stream()
                .anyMatch(r -> r.body().contains("cluster-remote")));

        PgOutbox otherOutbox = new PgOutbox(ClusterModeResources.database, "other-replica", 30_000,
                new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1), 0), 100, 10, () -> 0.5,
                System::currentTimeMillis);
        otherOutbox.enqueue(List.of(Notification.single("webhook", remote, "queued-by-another-replica",
                System.currentTimeMillis())), System.currentTimeMillis());
        await().atMost(Duration.ofSeconds(20)).until(() -> ClusterModeResources.RECEIVED.stream()
                .anyMatch(r -> "queued-by-another-replica".equals(r.idempotencyKey())));
    }

    @Test
    void aHitlTaskIsInTheSharedTableAndAnotherReplicasTaskIsClaimedHere() throws Exception {
        alerts.notify(NotifyRequest.newBuilder().setAlert(Alert.newBuilder().setRuleId("cluster-hitl")
                .setMetric("queue.wait_s").setValue(900).setThreshold(600).setComparator(">")
                .setStatus(AlertStatus.ALERT_STATUS_FIRING).setSeverity("critical").setSummary("Queue wait > 10 min")
                .addChannels("hitl")).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> count(
                "SELECT count(*) FROM alert_hitl_task WHERE state = 'open' AND task->>'title' LIKE ?",
                "%cluster-hitl%") == 1);

        PgTaskQueue other = new PgTaskQueue(ClusterModeResources.database, 100, System::currentTimeMillis);
        Task remote = other.open("[FIRING] opened by another replica", "d", "warning", "group-of-another-replica");
        given().get("/api/v1/tasks?state=open").then().statusCode(200)
                .body("tasks.find { it.id == '" + remote.id() + "' }.title",
                        equalTo("[FIRING] opened by another replica"));
        given().contentType("application/json").body("{\"by\":\"ana\"}")
                .post("/api/v1/tasks/" + remote.id() + "/claim").then().statusCode(200);
        assertThat(other.task(remote.id()).claimedBy()).as("the claim made here is the other replica's too")
                .isEqualTo("ana");
        given().contentType("application/json").body("{\"by\":\"bob\"}")
                .post("/api/v1/tasks/" + remote.id() + "/claim").then().statusCode(409);
    }

    private static long count(String sql, String arg) throws Exception {
        try (Connection c = ClusterModeResources.database.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

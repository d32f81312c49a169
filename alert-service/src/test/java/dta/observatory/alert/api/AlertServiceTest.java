package dta.observatory.alert.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dta.observatory.api.v1.AcknowledgeRequest;
import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.AlertServiceGrpc;
import dta.observatory.api.v1.AlertStatus;
import dta.observatory.api.v1.ListAlertsRequest;
import dta.observatory.api.v1.NotifyRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The alert service's gRPC and REST surfaces, delivering to a real HTTP receiver. */
@QuarkusTest
@WithTestResource(WebhookReceiverResource.class)
class AlertServiceTest {

    @GrpcClient("alert")
    AlertServiceGrpc.AlertServiceBlockingStub alerts;

    private static Alert alert(String rule) {
        return Alert.newBuilder().setRuleId(rule).setMetric("permit.pay.ok").setValue(0.9).setThreshold(0.95)
                .setComparator("<").setStatus(AlertStatus.ALERT_STATUS_FIRING).setSeverity("critical")
                .setSummary("Payment success <95%").setDescription("see runbook PAY-1").addChannels("webhook").build();
    }

    @Test
    void notifyRecordsTheAlertAndPostsItToTheWebhook() {
        String id = alerts.notify(NotifyRequest.newBuilder().setAlert(alert("grpc-rule")).build()).getAlertId();
        assertThat(id).isNotBlank();
        await().atMost(Duration.ofSeconds(5)).until(() -> WebhookReceiverResource.BODIES.stream()
                .anyMatch(b -> b.contains("\"rule\":\"grpc-rule\"")));
        assertThat(WebhookReceiverResource.BODIES.stream().filter(b -> b.contains("grpc-rule")).findFirst().orElseThrow())
                .contains("\"value\":0.9").contains("\"description\":\"see runbook PAY-1\"");

        assertThat(alerts.listAlerts(ListAlertsRequest.newBuilder().setRuleId("grpc-rule").build()).getAlertsList())
                .singleElement().satisfies(r -> {
                    assertThat(r.getId()).isEqualTo(id);
                    assertThat(r.getAlert().getDescription()).isEqualTo("see runbook PAY-1");
                });
        given().when().get("/api/v1/alerts?rule=grpc-rule").then().statusCode(200)
                .body("alerts[0].description", equalTo("see runbook PAY-1"));
        assertThat(alerts.acknowledge(AcknowledgeRequest.newBuilder().setId(id).setBy("ops").build())
                .getAcknowledgedBy()).isEqualTo("ops");
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("dta_alert_notifications_sent_total{channel=\"webhook\"}"));
    }

    @Test
    void badAlertsAndUnknownIdsAreRefused() {
        assertThatThrownBy(() -> alerts.notify(NotifyRequest.newBuilder()
                .setAlert(alert("r").toBuilder().setStatus(AlertStatus.ALERT_STATUS_UNSPECIFIED)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("no status");
                });
        assertThatThrownBy(() -> alerts.acknowledge(AcknowledgeRequest.newBuilder().setId("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void restListsAndAcknowledges() {
        String id = alerts.notify(NotifyRequest.newBuilder().setAlert(alert("rest-rule")).build()).getAlertId();
        given().when().get("/api/v1/alerts?rule=rest-rule&status=firing").then().statusCode(200)
                .body("alerts[0].id", equalTo(id)).body("alerts[0].value", equalTo(0.9f));
        given().contentType("application/json").body("{\"by\":\"watch-officer\"}")
                .when().post("/api/v1/alerts/" + id + "/ack").then().statusCode(200)
                .body("acknowledged", equalTo(true)).body("acknowledgedBy", equalTo("watch-officer"));
        given().when().post("/api/v1/alerts/unknown/ack").then().statusCode(404);
        given().when().get("/api/v1/alerts?status=burning").then().statusCode(400)
                .body("error", containsString("firing or resolved"));
    }
}

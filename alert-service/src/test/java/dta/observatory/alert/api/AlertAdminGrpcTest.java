package dta.observatory.alert.api;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.AlertServiceGrpc;
import dta.observatory.api.v1.AlertStatus;
import dta.observatory.api.v1.ListAlertsRequest;
import dta.observatory.api.v1.NotifyRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The gRPC addition of issue 6: ListAlerts filtered by time received. */
@QuarkusTest
@QuarkusTestResource(WebhookReceiverResource.class)
class AlertAdminGrpcTest {

    @GrpcClient("alert")
    AlertServiceGrpc.AlertServiceBlockingStub alerts;

    private String notify(String rule, String channel) {
        return alerts.notify(NotifyRequest.newBuilder().setAlert(Alert.newBuilder().setRuleId(rule).setMetric("m")
                .setStatus(AlertStatus.ALERT_STATUS_FIRING).setSeverity("warning").addChannels(channel)).build())
                .getAlertId();
    }

    @Test
    void listAlertsFiltersByTime() {
        long before = System.currentTimeMillis();
        String id = notify("grpc-time", "log");
        assertThat(alerts.listAlerts(ListAlertsRequest.newBuilder().setRuleId("grpc-time").setSinceMs(before).build())
                .getAlertsList()).anySatisfy(a -> assertThat(a.getId()).isEqualTo(id));
        assertThat(alerts.listAlerts(ListAlertsRequest.newBuilder().setRuleId("grpc-time").setUntilMs(before).build())
                .getAlertsList()).isEmpty();
    }
}

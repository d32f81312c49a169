package dta.observatory.alert.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.AlertServiceGrpc;
import dta.observatory.api.v1.AlertStatus;
import dta.observatory.api.v1.CreateSilenceRequest;
import dta.observatory.api.v1.ExpireSilenceRequest;
import dta.observatory.api.v1.ListAlertsRequest;
import dta.observatory.api.v1.ListChannelsRequest;
import dta.observatory.api.v1.ListDeadLettersRequest;
import dta.observatory.api.v1.ListSilencesRequest;
import dta.observatory.api.v1.ListTasksRequest;
import dta.observatory.api.v1.NotifyRequest;
import dta.observatory.api.v1.UpdateTaskRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gRPC additions of issue 6: silences, tasks, channel status, dead letters, the time filter. */
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
    void silencesOverGrpc() {
        var s = alerts.createSilence(CreateSilenceRequest.newBuilder().addMatchers("rule=grpc-silenced")
                .setEndsAtMs(System.currentTimeMillis() + 3_600_000).setCreatedBy("ops").build());
        assertThat(s.getState()).isEqualTo("active");
        assertThat(alerts.listSilences(ListSilencesRequest.getDefaultInstance()).getSilencesList())
                .anySatisfy(x -> assertThat(x.getId()).isEqualTo(s.getId()));
        assertThat(alerts.expireSilence(ExpireSilenceRequest.newBuilder().setId(s.getId()).build()).getState())
                .isEqualTo("expired");
        assertThatThrownBy(() -> alerts.createSilence(CreateSilenceRequest.newBuilder().setEndsAtMs(1).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo(
                            "a silence needs at least one matcher, e.g. rule=pay-ok");
                });
        assertThatThrownBy(() -> alerts.expireSilence(ExpireSilenceRequest.newBuilder().setId("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void tasksChannelsAndDeadLettersOverGrpc() {
        notify("grpc-hitl", "hitl");
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.listTasks(ListTasksRequest.newBuilder()
                .setState("open").build()).getTasksList().stream().anyMatch(t -> t.getTitle().contains("grpc-hitl")));
        String id = alerts.listTasks(ListTasksRequest.newBuilder().setState("open").build()).getTasksList().stream()
                .filter(t -> t.getTitle().contains("grpc-hitl")).findFirst().orElseThrow().getId();
        assertThat(alerts.updateTask(UpdateTaskRequest.newBuilder().setId(id).setAction("claim").setBy("ana").build())
                .getState()).isEqualTo("CLAIMED");
        assertThatThrownBy(() -> alerts.updateTask(UpdateTaskRequest.newBuilder().setId(id).setAction("claim")
                .build())).isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
        assertThat(alerts.updateTask(UpdateTaskRequest.newBuilder().setId(id).setAction("close").setBy("ana")
                .setText("done").build()).getState()).isEqualTo("DONE");
        assertThatThrownBy(() -> alerts.updateTask(UpdateTaskRequest.newBuilder().setId(id).setAction("burn")
                .build())).isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));

        notify("grpc-pager", "grpc-pager");
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.listDeadLetters(
                ListDeadLettersRequest.getDefaultInstance()).getDeadLettersList().stream()
                .anyMatch(d -> d.getChannel().equals("grpc-pager")));
        assertThat(alerts.listChannels(ListChannelsRequest.getDefaultInstance()).getChannelsList())
                .anySatisfy(c -> assertThat(c.getChannel()).isEqualTo("hitl"));
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

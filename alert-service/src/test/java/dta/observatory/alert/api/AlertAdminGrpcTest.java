package dta.observatory.alert.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.AlertServiceGrpc;
import dta.observatory.api.v1.AlertStatus;
import dta.observatory.api.v1.ClaimTaskRequest;
import dta.observatory.api.v1.CloseTaskRequest;
import dta.observatory.api.v1.CommentTaskRequest;
import dta.observatory.api.v1.CreateSilenceRequest;
import dta.observatory.api.v1.ExpireSilenceRequest;
import dta.observatory.api.v1.HitlTask;
import dta.observatory.api.v1.HitlTaskComment;
import dta.observatory.api.v1.HitlTaskState;
import dta.observatory.api.v1.ListAlertsRequest;
import dta.observatory.api.v1.ListChannelsRequest;
import dta.observatory.api.v1.ListDeadLettersRequest;
import dta.observatory.api.v1.ListSilencesRequest;
import dta.observatory.api.v1.ListTasksRequest;
import dta.observatory.api.v1.NotifyRequest;
import dta.observatory.api.v1.RetryDeadLetterRequest;
import dta.observatory.api.v1.Silence;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * dta.v1.AlertService's admin rpcs over a real gRPC channel (the generated blocking client against the running
 * application): silences, hitl tasks, channel status and dead letters, with their refusals. The same logic
 * answers REST (AlertRestApiTest), so the two surfaces see one state.
 */
@QuarkusTest
@WithTestResource(WebhookReceiverResource.class)
class AlertAdminGrpcTest {

    private static final long FAR = 4_070_908_800_000L; // 2099-01-01

    @GrpcClient("alert")
    AlertServiceGrpc.AlertServiceBlockingStub alerts;

    private String notify(String rule, String channel) {
        return alerts.notify(NotifyRequest.newBuilder().setAlert(Alert.newBuilder().setRuleId(rule).setMetric("m")
                .setStatus(AlertStatus.ALERT_STATUS_FIRING).setSeverity("warning").setSummary("s")
                .addChannels(channel)).build()).getAlertId();
    }

    private static void refused(ThrowingCallable call, Status.Code code, String description) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).isEqualTo(description);
        });
    }

    /** dta_alert_api_errors_total{status} as /q/metrics shows it now (0 when not yet counted). */
    private static double apiErrors(int status) {
        Matcher m = Pattern.compile("dta_alert_api_errors_total\\{status=\"" + status + "\"\\} ([0-9.E]+)")
                .matcher(given().get("/q/metrics").asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
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

    @Test
    void silencesAreCreatedListedAndExpiredAndMuteMeanwhile() {
        Silence s = alerts.createSilence(CreateSilenceRequest.newBuilder().addMatchers("rule=grpc-silenced")
                .setEndsAtMs(FAR).setCreatedBy("ops").setComment("deploy").build());
        assertThat(s.getId()).isNotBlank();
        assertThat(s.getState()).isEqualTo("active");
        assertThat(s.getStartsAtMs()).as("0 means now").isPositive();
        assertThat(alerts.listSilences(ListSilencesRequest.getDefaultInstance()).getSilencesList())
                .anySatisfy(x -> {
                    assertThat(x.getId()).isEqualTo(s.getId());
                    assertThat(x.getMatchersList()).containsExactly("rule=grpc-silenced");
                    assertThat(x.getCreatedBy()).isEqualTo("ops");
                });
        given().get("/api/v1/silences").then().statusCode(200)
                .body("silences.id", org.hamcrest.Matchers.hasItem(s.getId())); // one state for both APIs

        notify("grpc-silenced", "webhook");
        Silence expired = alerts.expireSilence(ExpireSilenceRequest.newBuilder().setId(s.getId()).build());
        assertThat(expired.getState()).isEqualTo("expired");
        await().atMost(Duration.ofSeconds(10)).until(() -> WebhookReceiverResource.BODIES.stream()
                .anyMatch(b -> b.contains("grpc-silenced")));
    }

    @Test
    void badSilencesAreInvalidArgumentAndUnknownOnesNotFound() {
        double before = apiErrors(400);
        refused(() -> alerts.createSilence(CreateSilenceRequest.newBuilder().setEndsAtMs(FAR).build()),
                Status.Code.INVALID_ARGUMENT, "a silence needs at least one matcher, e.g. rule=pay-ok");
        refused(() -> alerts.createSilence(CreateSilenceRequest.newBuilder().addMatchers("a=b").build()),
                Status.Code.INVALID_ARGUMENT, "a silence needs an end time (endsAt)");
        refused(() -> alerts.createSilence(CreateSilenceRequest.newBuilder().addMatchers("a=b").setStartsAtMs(FAR)
                .setEndsAtMs(FAR - 1).build()), Status.Code.INVALID_ARGUMENT,
                "a silence must end after it starts (startsAtMs " + FAR + ", endsAtMs " + (FAR - 1) + ")");
        assertThatThrownBy(() -> alerts.createSilence(CreateSilenceRequest.newBuilder().addMatchers("no matcher")
                .setEndsAtMs(FAR).build())).isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThat(apiErrors(400)).as("refusals are counted").isEqualTo(before + 4);
        refused(() -> alerts.expireSilence(ExpireSilenceRequest.newBuilder().setId("nope").build()),
                Status.Code.NOT_FOUND, "no silence with id 'nope'");
    }

    @Test
    void aHitlTaskIsListedClaimedCommentedAndClosedOverGrpc() {
        notify("grpc-hitl", "hitl");
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.listTasks(ListTasksRequest.newBuilder()
                .setState(HitlTaskState.HITL_TASK_STATE_OPEN).build()).getTasksList().stream()
                .anyMatch(t -> t.getTitle().contains("grpc-hitl")));
        HitlTask task = alerts.listTasks(ListTasksRequest.newBuilder().setState(HitlTaskState.HITL_TASK_STATE_OPEN)
                .build()).getTasksList().stream().filter(t -> t.getTitle().contains("grpc-hitl")).findFirst()
                .orElseThrow();
        assertThat(task.getSeverity()).isEqualTo("warning");
        assertThat(task.getDetails()).contains("grpc-hitl");

        HitlTask claimed = alerts.claimTask(ClaimTaskRequest.newBuilder().setId(task.getId()).setBy("ana").build());
        assertThat(claimed.getState()).isEqualTo(HitlTaskState.HITL_TASK_STATE_CLAIMED);
        assertThat(claimed.getClaimedBy()).isEqualTo("ana");
        double conflicts = apiErrors(409);
        refused(() -> alerts.claimTask(ClaimTaskRequest.newBuilder().setId(task.getId()).setBy("bob").build()),
                Status.Code.FAILED_PRECONDITION,
                "task " + task.getId() + " is claimed (claimed by ana): only open tasks can be claimed");
        assertThat(apiErrors(409)).isEqualTo(conflicts + 1);

        HitlTask commented = alerts.commentTask(CommentTaskRequest.newBuilder().setId(task.getId()).setBy("ana")
                .setText("restarted the gateway").build());
        assertThat(commented.getCommentsList()).extracting(HitlTaskComment::getText).contains("restarted the gateway");
        refused(() -> alerts.commentTask(CommentTaskRequest.newBuilder().setId(task.getId()).build()),
                Status.Code.INVALID_ARGUMENT, "a comment needs text");

        HitlTask done = alerts.closeTask(CloseTaskRequest.newBuilder().setId(task.getId()).setBy("ana")
                .setResolution("fixed").build());
        assertThat(done.getState()).isEqualTo(HitlTaskState.HITL_TASK_STATE_DONE);
        assertThat(done.getResolution()).isEqualTo("fixed");
        assertThat(done.getClosedAtMs()).isPositive();
        refused(() -> alerts.closeTask(CloseTaskRequest.newBuilder().setId(task.getId()).build()),
                Status.Code.FAILED_PRECONDITION, "task " + task.getId() + " is already done");
        assertThat(alerts.listTasks(ListTasksRequest.newBuilder().setState(HitlTaskState.HITL_TASK_STATE_DONE)
                .build()).getTasksList()).extracting(HitlTask::getId).contains(task.getId());
        given().get("/api/v1/tasks/" + task.getId()).then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("DONE")); // REST sees the same task

        refused(() -> alerts.claimTask(ClaimTaskRequest.newBuilder().setId("nope").build()), Status.Code.NOT_FOUND,
                "no task with id 'nope'");
        refused(() -> alerts.commentTask(CommentTaskRequest.newBuilder().setId("nope").setText("x").build()),
                Status.Code.NOT_FOUND, "no task with id 'nope'");
        refused(() -> alerts.closeTask(CloseTaskRequest.newBuilder().setId("nope").build()), Status.Code.NOT_FOUND,
                "no task with id 'nope'");
        refused(() -> alerts.listTasks(ListTasksRequest.newBuilder().setStateValue(42).build()),
                Status.Code.INVALID_ARGUMENT, "state must be HITL_TASK_STATE_OPEN, HITL_TASK_STATE_CLAIMED, "
                        + "HITL_TASK_STATE_DONE or unspecified (all)");
    }

    private long pagerFailures() {
        return alerts.listChannels(ListChannelsRequest.getDefaultInstance()).getChannelsList().stream()
                .filter(c -> c.getChannel().equals("grpc-pager")).mapToLong(c -> c.getFailed()).sum();
    }

    @Test
    void channelStatusAndDeadLettersOverGrpcWithoutSecrets() {
        String alertId = notify("grpc-pager", "grpc-pager"); // not a configured channel: a dead letter at once
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.listDeadLetters(
                ListDeadLettersRequest.getDefaultInstance()).getDeadLettersList().stream()
                .anyMatch(d -> d.getChannel().equals("grpc-pager")));
        var dead = alerts.listDeadLetters(ListDeadLettersRequest.getDefaultInstance()).getDeadLettersList().stream()
                .filter(d -> d.getChannel().equals("grpc-pager")).findFirst().orElseThrow();
        assertThat(dead.getError()).isEqualTo("channel 'grpc-pager' is not configured");
        assertThat(dead.getAlertIdsList()).containsExactly(alertId);
        assertThat(dead.getStatus()).isEqualTo("firing");
        assertThat(dead.getAttempts()).isEqualTo(1);

        assertThat(pagerFailures()).isEqualTo(1);
        assertThat(alerts.retryDeadLetter(RetryDeadLetterRequest.newBuilder().setId(dead.getId()).build()).getId())
                .isEqualTo(dead.getId());
        await("queued again, tried again, given up again").atMost(Duration.ofSeconds(10))
                .until(() -> pagerFailures() == 2);
        refused(() -> alerts.retryDeadLetter(RetryDeadLetterRequest.newBuilder().setId("unknown").build()),
                Status.Code.NOT_FOUND, "no dead letter with id 'unknown'");

        notify("grpc-status", "webhook");
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts.listChannels(ListChannelsRequest.getDefaultInstance())
                .getChannelsList().stream().anyMatch(c -> c.getChannel().equals("webhook") && c.getLastSuccessAtMs() > 0));
        var channels = alerts.listChannels(ListChannelsRequest.getDefaultInstance());
        assertThat(channels.getChannelsList()).extracting(c -> c.getChannel())
                .contains("hitl", "log", "webhook", "grpc-pager");
        assertThat(channels.getChannelsList()).filteredOn(c -> c.getChannel().equals("grpc-pager")).singleElement()
                .satisfies(c -> {
                    assertThat(c.getFailed()).isPositive();
                    assertThat(c.getLastError()).isEqualTo("channel 'grpc-pager' is not configured");
                });
        assertThat(channels.toString()).doesNotContain("127.0.0.1").doesNotContain("/hook");
    }
}

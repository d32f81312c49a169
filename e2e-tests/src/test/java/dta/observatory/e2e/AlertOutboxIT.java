package dta.observatory.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.AlertServiceGrpc;
import dta.observatory.api.v1.AlertStatus;
import dta.observatory.api.v1.ClaimTaskRequest;
import dta.observatory.api.v1.HitlTask;
import dta.observatory.api.v1.HitlTaskState;
import dta.observatory.api.v1.ListTasksRequest;
import dta.observatory.api.v1.NotifyRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The alert service's durable outbox across kill -9: 50 notifications wait for a receiver that answers 503; the
 * service is SIGKILLed; the receiver recovers; the restarted service delivers all 50 (each key at least once).
 * Its hitl tasks (one claimed, one open, through the gRPC task rpcs) come back as they were.
 */
class AlertOutboxIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fiftyPendingNotificationsAreDeliveredAfterKill9AndRestart() throws Exception {
        AtomicBoolean up = new AtomicBoolean(false);
        Set<String> deliveredKeys = ConcurrentHashMap.newKeySet();
        Set<String> deliveredInstances = ConcurrentHashMap.newKeySet();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (up.get()) {
                deliveredKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                deliveredInstances.add(JSON.readTree(body).path("labels").path("instance").asText());
            }
            exchange.sendResponseHeaders(up.get() ? 200 : 503, -1);
            exchange.close();
        });
        receiver.start();
        Map<String, String> env = Map.of(
                "DTA_ALERT_WEBHOOK_URL", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                "DTA_ALERT_OUTBOX_DIR", Files.createTempDirectory("e2e-alert-outbox").toString(),
                "DTA_ALERT_ROUTE_GROUP_BY", "...", // one group per alert: 50 notifications
                "DTA_ALERT_ROUTE_GROUP_WAIT", "0s",
                "DTA_ALERT_RETRY_MAX_ATTEMPTS", "10000",
                "DTA_ALERT_RETRY_INITIAL_BACKOFF", "200ms",
                "DTA_ALERT_RETRY_MAX_BACKOFF", "1s");
        ServiceProcess alert = new ServiceProcess("alert-service", ServiceProcess.freePort(), env);
        ManagedChannel channel = null;
        try {
            alert.start().awaitHttp200("/q/health/ready", Duration.ofSeconds(60));
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", alert.port()).usePlaintext().build();
            AlertServiceGrpc.AlertServiceBlockingStub stub = AlertServiceGrpc.newBlockingStub(channel);
            for (int i = 0; i < 50; i++) {
                stub.notify(NotifyRequest.newBuilder().setAlert(Alert.newBuilder().setRuleId("pay-ok")
                        .setMetric("permit.pay.ok").putLabels("instance", "node-" + i).setValue(0.9)
                        .setThreshold(0.95).setComparator("<").setStatus(AlertStatus.ALERT_STATUS_FIRING)
                        .setSeverity("critical").setSummary("Payment success <95%")).build());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> pendingWebhook(alert) == 50);
            // two hitl tasks (one group each): one claimed, one left open; both must come back after kill -9
            for (String node : List.of("db-1", "db-2")) {
                stub.notify(NotifyRequest.newBuilder().setAlert(Alert.newBuilder().setRuleId("hitl-e2e")
                        .setMetric("db.up").putLabels("instance", node).setStatus(AlertStatus.ALERT_STATUS_FIRING)
                        .setSeverity("critical").setSummary("database down").addChannels("hitl")).build());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> stub.listTasks(ListTasksRequest.newBuilder()
                    .setState(HitlTaskState.HITL_TASK_STATE_OPEN).build()).getTasksCount() == 2);
            List<HitlTask> tasks = stub.listTasks(ListTasksRequest.getDefaultInstance()).getTasksList();
            String claimed = tasks.get(0).getId();
            String open = tasks.get(1).getId();
            stub.claimTask(ClaimTaskRequest.newBuilder().setId(claimed).setBy("ana").build());
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);

            alert.kill(); // SIGKILL: no shutdown hook, nothing flushed at exit
            up.set(true);
            assertThat(deliveredKeys).isEmpty();
            alert.start().awaitHttp200("/q/health/ready", Duration.ofSeconds(60));

            await().atMost(Duration.ofSeconds(30)).until(() -> deliveredKeys.size() == 50);
            assertThat(deliveredInstances).hasSize(50).contains("node-0", "node-49");
            await().atMost(Duration.ofSeconds(10)).until(() -> pendingWebhook(alert) == 0);
            JsonNode alerts = JSON.readTree(Http.get(alert.baseUrl() + "/api/v1/alerts?rule=pay-ok&limit=100").body());
            assertThat(alerts.get("alerts")).as("the alerts themselves came back from the journal").hasSize(50);
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", alert.port()).usePlaintext().build();
            List<HitlTask> after = AlertServiceGrpc.newBlockingStub(channel)
                    .listTasks(ListTasksRequest.getDefaultInstance()).getTasksList();
            assertThat(after).as("hitl tasks came back from their journal").extracting(HitlTask::getId)
                    .containsExactlyInAnyOrder(claimed, open);
            assertThat(after).filteredOn(t -> t.getId().equals(claimed)).singleElement().satisfies(t -> {
                assertThat(t.getState()).isEqualTo(HitlTaskState.HITL_TASK_STATE_CLAIMED);
                assertThat(t.getClaimedBy()).isEqualTo("ana");
            });
            assertThat(after).filteredOn(t -> t.getId().equals(open)).singleElement()
                    .satisfies(t -> assertThat(t.getState()).isEqualTo(HitlTaskState.HITL_TASK_STATE_OPEN));
        } finally {
            if (channel != null) {
                channel.shutdownNow();
            }
            alert.close();
            receiver.stop(0);
        }
    }

    private static int pendingWebhook(ServiceProcess alert) throws Exception {
        JsonNode channels = JSON.readTree(Http.get(alert.baseUrl() + "/api/v1/channels").body());
        return channels.path("pendingByChannel").path("webhook").asInt(0);
    }
}

package dta.observatory.alert.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dta.observatory.alert.alerts.AlertEvent;
import dta.observatory.alert.grouping.GroupNotification;
import dta.observatory.alert.testing.Alerts;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forwards to a real Alertmanager (Debian's prometheus-alertmanager) started on 127.0.0.1 with clustering off,
 * and reads the alert back from its API. Fails, not skips, when the binary is missing.
 */
class AlertmanagerForwardingTest {

    private static final String BINARY = "/usr/bin/prometheus-alertmanager";
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Process alertmanager;
    private int port;

    @TempDir
    Path dir;

    @BeforeEach
    void startAlertmanager() throws Exception {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install -y prometheus-alertmanager");
        }
        Path config = dir.resolve("alertmanager.yml");
        // a short resolve_timeout: an alert nobody refreshes would be resolved within seconds
        Files.writeString(config, "global:\n  resolve_timeout: 2s\nroute:\n  receiver: blackhole\n"
                + "receivers:\n  - name: blackhole\n");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        alertmanager = new ProcessBuilder(BINARY, "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!alertmanager.isAlive()) {
                throw new IllegalStateException("alertmanager exited: " + Files.readString(dir.resolve("alertmanager.log")));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @AfterEach
    void stopAlertmanager() throws Exception {
        if (alertmanager != null) {
            alertmanager.destroy(); // by its PID, SIGTERM
            if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly();
            }
        }
    }

    private JsonNode alerts() throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v2/alerts")).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void aFiringAlertIsReadBackFromAlertmanagerAndAResolvedOneEndsIt() throws Exception {
        var firing = Alerts.record(new AlertEvent("pay-ok", "permit.pay.ok", Map.of("service", "permits"), 0.9, 0.95,
                "<", AlertEvent.Status.FIRING, System.currentTimeMillis(), "critical", "Payment success <95%",
                List.of(), "see runbook PAY-1"));
        AlertmanagerChannel channel = new AlertmanagerChannel(URI.create("http://127.0.0.1:" + port),
                Duration.ofSeconds(5), null, Duration.ofMinutes(1), System::currentTimeMillis, json);
        channel.deliver(Notification.of("alertmanager", new GroupNotification("root", "k", Map.of(),
                List.of("alertmanager"), List.of(firing), List.of(), false, "id1"), 0));

        JsonNode alerts = alerts();
        assertThat(alerts).hasSize(1);
        JsonNode a = alerts.get(0);
        assertThat(a.get("labels").get("alertname").asText()).isEqualTo("pay-ok");
        assertThat(a.get("labels").get("service").asText()).isEqualTo("permits");
        assertThat(a.get("labels").get("severity").asText()).isEqualTo("critical");
        assertThat(a.get("annotations").get("summary").asText()).isEqualTo("Payment success <95%");
        assertThat(a.get("annotations").get("description").asText()).isEqualTo("see runbook PAY-1");
        assertThat(a.get("status").get("state").asText()).isEqualTo("active");

        var resolved = Alerts.record(new AlertEvent("pay-ok", "permit.pay.ok", Map.of("service", "permits"), 0.99,
                0.95, "<", AlertEvent.Status.RESOLVED, firing.event().observedAtMs(), "critical",
                "Payment success <95%", List.of()));
        channel.deliver(Notification.of("alertmanager", new GroupNotification("root", "k", Map.of(),
                List.of("alertmanager"), List.of(), List.of(resolved), false, "id2"), 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts().isEmpty()); // the API lists only unresolved
    }

    private java.util.Set<String> activeAlertnames() throws Exception {
        java.util.Set<String> names = new java.util.TreeSet<>();
        alerts().forEach(a -> {
            if (a.path("status").path("state").asText().equals("active")) {
                names.add(a.path("labels").path("alertname").asText());
            }
        });
        return names;
    }

    private static AlertEvent event(String rule, AlertEvent.Status status, long observedAt) {
        return new AlertEvent(rule, "permit.pay.ok", Map.of("service", "permits"), 0.9, 0.95, "<", status,
                observedAt, "critical", "Payment success <95%", List.of());
    }

    /**
     * Two alerts are forwarded at the same moment with endsAt = now + 3 x 1 s. Only "kept" is still held as
     * firing by the grouper, so only it is re-sent every second: Alertmanager drops "dropped" after its endsAt
     * (and past resolve_timeout), keeps "kept" active, and ends it when the grouper's resolved notification
     * arrives; after that the re-sender has nothing to send, so it stays resolved.
     */
    @Test
    void reSendingKeepsAFiringAlertActivePastItsTimeoutUntilItResolves() throws Exception {
        Duration interval = Duration.ofSeconds(1);
        AlertmanagerChannel channel = new AlertmanagerChannel(URI.create("http://127.0.0.1:" + port),
                Duration.ofSeconds(5), null, interval, System::currentTimeMillis, json);
        var route = new dta.observatory.alert.routing.Route("root", List.of(), List.of("alertmanager"),
                List.of("rule"), Duration.ZERO, Duration.ZERO, Duration.ofHours(1), true, false, List.of());
        var grouper = new dta.observatory.alert.grouping.Grouper(100);
        long start = System.currentTimeMillis();
        var kept = Alerts.record(event("kept", AlertEvent.Status.FIRING, start));
        grouper.add(route, List.of("alertmanager"), kept, start);
        for (GroupNotification g : grouper.flush(start, r -> false)) {
            channel.deliver(Notification.of("alertmanager", g, start));
        }
        channel.deliver(Notification.single("alertmanager", Alerts.record(event("dropped", AlertEvent.Status.FIRING,
                start)), "dropped-1", start)); // sent once, never re-sent
        assertThat(activeAlertnames()).containsExactly("dropped", "kept");

        AlertmanagerResender resender = new AlertmanagerResender(channel,
                () -> grouper.notifiedFiring("alertmanager"), System::currentTimeMillis);
        var scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            scheduler.scheduleWithFixedDelay(resender::resend, 1, 1, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !activeAlertnames().contains("dropped"));
            assertThat(System.currentTimeMillis() - start).as("dropped lived out its endsAt")
                    .isGreaterThanOrEqualTo(3 * interval.toMillis());
            assertThat(activeAlertnames()).as("kept was re-sent: still active past endsAt and resolve_timeout")
                    .containsExactly("kept");
            assertThat(resender.resent()).isGreaterThanOrEqualTo(2);
            assertThat(resender.failures()).isZero();

            long resolvedAt = System.currentTimeMillis();
            grouper.add(route, List.of("alertmanager"), Alerts.record(event("kept", AlertEvent.Status.RESOLVED, start)),
                    resolvedAt);
            List<GroupNotification> resolved = grouper.flush(resolvedAt, r -> false);
            assertThat(resolved).singleElement().satisfies(g -> assertThat(g.resolved()).hasSize(1));
            channel.deliver(Notification.of("alertmanager", resolved.get(0), resolvedAt));
            await().atMost(Duration.ofSeconds(10)).until(() -> activeAlertnames().isEmpty());
            long resentBefore = resender.resent();
            await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5))
                    .until(() -> activeAlertnames().isEmpty()); // no re-send brings it back
            assertThat(resender.resent()).as("nothing left to re-send").isEqualTo(resentBefore);
        } finally {
            scheduler.shutdownNow();
        }
    }
}

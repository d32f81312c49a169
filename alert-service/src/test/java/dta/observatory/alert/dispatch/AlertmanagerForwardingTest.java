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
        Files.writeString(config, "route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n");
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
}

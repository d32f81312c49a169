package dta.observatory.alert.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dta.observatory.alert.alerts.AlertEvent;
import dta.observatory.alert.alerts.AlertLog;
import dta.observatory.alert.alerts.AlertRecord;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on 127.0.0.1. */
class WebhookChannelTest {

    private final ObjectMapper json = new ObjectMapper();
    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicReference<String> key = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private HttpServer server;

    @BeforeEach
    void startReceiver() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            key.set(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    private WebhookChannel channel() {
        return new WebhookChannel(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
                Duration.ofSeconds(2), json);
    }

    private static AlertRecord alert() {
        return new AlertLog(10, () -> 1_800_000_000_000L).record(new AlertEvent("pay-ok", "permit.pay.ok",
                Map.of("service", "permits"), 0.9, 0.95, "<", AlertEvent.Status.FIRING, 1_800_000_000_000L, "critical",
                "Payment success <95%", List.of("webhook")));
    }

    @Test
    void postsTheAlertAsJsonWithAnIdempotencyKey() throws Exception {
        AlertRecord alert = alert();
        channel().deliver(Notification.single("webhook", alert, alert.id() + ":webhook", 0));
        JsonNode posted = json.readTree(body.get());
        assertThat(posted.get("rule").asText()).isEqualTo("pay-ok");
        assertThat(posted.get("value").asDouble()).isEqualTo(0.9);
        assertThat(posted.get("threshold").asDouble()).isEqualTo(0.95);
        assertThat(posted.get("status").asText()).isEqualTo("firing");
        assertThat(posted.get("labels").get("service").asText()).isEqualTo("permits");
        assertThat(posted.get("observedAt").asText()).isEqualTo("2027-01-15T08:00:00Z");
        assertThat(key.get()).isEqualTo(alert.id() + ":webhook");
    }

    @Test
    void anErrorStatusOrAnAbsentReceiverIsADeliveryFailureWithoutTheUrl() {
        status.set(500);
        assertThatThrownBy(() -> channel().deliver(Notification.single("webhook", alert(), "k", 0)))
                .isInstanceOf(DeliveryException.class).hasMessage("webhook answered HTTP 500");
        server.stop(0);
        assertThatThrownBy(() -> channel().deliver(Notification.single("webhook", alert(), "k", 0)))
                .isInstanceOf(DeliveryException.class).hasMessageStartingWith("webhook unreachable")
                .message().doesNotContain("127.0.0.1");
    }
}

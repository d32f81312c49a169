package dta.observatory.alert.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dta.observatory.alert.outbox.Outbox;
import dta.observatory.alert.testing.Alerts;
import dta.observatory.alert.testing.Receiver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher with its journaled outbox, against real HTTP receivers on 127.0.0.1. Short backoffs. */
class DispatcherTest {

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private Outbox outbox;
    private Dispatcher dispatcher;

    private Dispatcher start(URI url, Duration timeout, RetryPolicy retry) {
        outbox = Outbox.open(dir.resolve("outbox.journal"), retry, 1000, 100, () -> 0.5, x -> { });
        dispatcher = new Dispatcher(Map.of("webhook", new WebhookChannel(url, timeout, new ObjectMapper()),
                "log", new LogChannel()), outbox, Executors.newFixedThreadPool(2), 2, new DispatchMetrics(registry),
                System::currentTimeMillis);
        ticker.scheduleWithFixedDelay(dispatcher::pump, 10, 10, TimeUnit.MILLISECONDS);
        return dispatcher;
    }

    @AfterEach
    void stop() {
        ticker.shutdownNow();
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (outbox != null) {
            outbox.close();
        }
    }

    private static Notification n(String key) {
        return Notification.single("webhook", Alerts.firing("pay-ok", Map.of()), key, System.currentTimeMillis());
    }

    private double count(String name) {
        return registry.find(name).tag("channel", "webhook").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void aReceiverAnswering500Then200GetsItOnceRetriedWithTheSameKey() {
        try (Receiver r = new Receiver(n -> n == 1 ? 500 : 200, 0)) {
            start(URI.create(r.url("/hook")), Duration.ofSeconds(2), new RetryPolicy(5, Duration.ofMillis(20)));
            dispatcher.send(List.of(n("k1")));
            await().atMost(Duration.ofSeconds(5)).until(() -> count("dta.alert.notifications.sent") == 1);
            assertThat(r.requests()).hasSize(2).allSatisfy(q -> assertThat(q.headers()).containsEntry(
                    "Idempotency-Key", "k1"));
            assertThat(count("dta.alert.notifications.retried")).isEqualTo(1);
            assertThat(outbox.depth()).isZero();
            ChannelStatus s = dispatcher.status().stream().filter(x -> x.channel().equals("webhook")).findFirst()
                    .orElseThrow();
            assertThat(s.lastSuccessAtMs()).isPositive();
            assertThat(s.lastError()).isEqualTo("webhook answered HTTP 500");
        }
    }

    @Test
    void aReceiverThatTimesOutEndsAsADeadLetter() {
        try (Receiver r = new Receiver(n -> 200, 1_000)) {
            start(URI.create(r.url("/hook")), Duration.ofMillis(150), new RetryPolicy(2, Duration.ofMillis(10)));
            dispatcher.send(List.of(n("slow")));
            await().atMost(Duration.ofSeconds(5)).until(() -> outbox.deadLetters().size() == 1);
            assertThat(outbox.deadLetters().get(0).error()).isEqualTo("webhook timed out after 150 ms");
            assertThat(count("dta.alert.notifications.failed")).isEqualTo(1);
            assertThat(count("dta.alert.notifications.dead.lettered")).isEqualTo(1);
        }
    }

    @Test
    void aReceiverDownForAWhileGetsEverythingWhenItComesBack() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        start(URI.create("http://127.0.0.1:" + port + "/hook"), Duration.ofMillis(500),
                new RetryPolicy(50, Duration.ofMillis(20), Duration.ofMillis(100), 0.2));
        dispatcher.send(List.of(n("d1"), n("d2"), n("d3")));
        await().atMost(Duration.ofSeconds(5)).until(() -> count("dta.alert.notifications.retried") >= 6);
        assertThat(outbox.depth()).isEqualTo(3);
        try (Receiver r = new Receiver(port, n -> 200, 0)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> outbox.depth() == 0);
            assertThat(r.requests()).extracting(q -> q.headers().get("Idempotency-Key"))
                    .containsExactlyInAnyOrder("d1", "d2", "d3");
        }
        assertThat(count("dta.alert.notifications.sent")).isEqualTo(3);
    }

    @Test
    void anUnconfiguredChannelIsADeadLetterAtOnce() {
        start(URI.create("http://127.0.0.1:1/hook"), Duration.ofMillis(100), new RetryPolicy(5, Duration.ofMillis(10)));
        dispatcher.send(List.of(n("p").forChannel("pager", "p:pager")));
        await().atMost(Duration.ofSeconds(5)).until(() -> outbox.deadLetters().size() == 1);
        assertThat(outbox.deadLetters().get(0).error()).isEqualTo("channel 'pager' is not configured");
        assertThat(outbox.deadLetters().get(0).attempts()).isEqualTo(1);
    }
}

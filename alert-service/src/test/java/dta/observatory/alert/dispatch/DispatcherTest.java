package dta.observatory.alert.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dta.observatory.alert.alerts.AlertEvent;
import dta.observatory.alert.alerts.AlertLog;
import dta.observatory.alert.alerts.AlertRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AlertLog log = new AlertLog(100, () -> 1_000);

    /** A channel that fails its first {@code failures} attempts. */
    private static final class Flaky implements Channel {
        final AtomicInteger attempts = new AtomicInteger();
        final List<Notification> delivered = new CopyOnWriteArrayList<>();
        final int failures;

        Flaky(int failures) {
            this.failures = failures;
        }

        @Override
        public String name() {
            return "webhook";
        }

        @Override
        public void deliver(Notification n) throws DeliveryException {
            if (attempts.incrementAndGet() <= failures) {
                throw new DeliveryException("webhook answered HTTP 500");
            }
            delivered.add(n);
        }
    }

    private Dispatcher dispatcher(Channel channel, int maxPending) {
        return new Dispatcher(Map.of("webhook", channel, "log", new LogChannel()), List.of("webhook"),
                new RetryPolicy(3, Duration.ofMillis(10)), Executors.newScheduledThreadPool(1), maxPending,
                new DispatchMetrics(registry));
    }

    private AlertRecord alert() {
        return log.record(new AlertEvent("pay-ok", "permit.pay.ok", Map.of(), 0.9, 0.95, "<",
                AlertEvent.Status.FIRING, 0, "warning", "Payment success <95%", List.of()));
    }

    private double count(String name, String channel) {
        return registry.find(name).tag("channel", channel).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void retriesAFailedDeliveryAndDeliversItOnceWithOneIdempotencyKey() {
        Flaky webhook = new Flaky(2);
        Dispatcher dispatcher = dispatcher(webhook, 100);
        AlertRecord alert = alert();
        dispatcher.dispatch(alert);

        await().atMost(Duration.ofSeconds(5)).until(() -> webhook.delivered.size() == 1);
        assertThat(webhook.attempts.get()).isEqualTo(3);
        assertThat(webhook.delivered.get(0).idempotencyKey()).isEqualTo(alert.id() + ":webhook");
        assertThat(count("dta.alert.notifications.retried", "webhook")).isEqualTo(2);
        await().atMost(Duration.ofSeconds(2)).until(() -> dispatcher.pending() == 0);
        assertThat(count("dta.alert.notifications.sent", "log")).as("the log channel always gets it").isEqualTo(1);
        dispatcher.close();
    }

    @Test
    void givesUpAfterTheLastAttemptAndCountsTheFailure() {
        Flaky webhook = new Flaky(Integer.MAX_VALUE);
        Dispatcher dispatcher = dispatcher(webhook, 100);
        dispatcher.dispatch(alert());
        await().atMost(Duration.ofSeconds(5)).until(() -> count("dta.alert.notifications.failed", "webhook") == 1);
        assertThat(webhook.attempts.get()).isEqualTo(3);
        dispatcher.close();
    }

    @Test
    void dropsAndCountsWhatExceedsThePendingBound() throws Exception {
        Channel blocked = new Channel() {
            @Override
            public String name() {
                return "webhook";
            }

            @Override
            public void deliver(Notification n) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Dispatcher dispatcher = dispatcher(blocked, 3);
        for (int i = 0; i < 5; i++) {
            dispatcher.dispatch(alert());
        }
        assertThat(dispatcher.pending()).isLessThanOrEqualTo(3);
        assertThat(registry.get("dta.alert.notifications.dropped").counter().count()).isGreaterThanOrEqualTo(7);
        dispatcher.close();
    }

    @Test
    void anUnconfiguredChannelIsCountedAsFailed() {
        Dispatcher dispatcher = dispatcher(new Flaky(0), 100);
        dispatcher.dispatch(log.record(new AlertEvent("r", "m", Map.of(), 1, 1, ">", AlertEvent.Status.FIRING, 0,
                "warning", "s", List.of("pager"))));
        assertThat(count("dta.alert.notifications.failed", "pager")).isEqualTo(1);
        dispatcher.close();
    }
}
